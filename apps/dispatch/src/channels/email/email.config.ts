import { z } from 'zod';
import { TextTemplate } from '../templates/text-template.js';

export const DEFAULT_SUBJECT = '[Herald] {{headline}}';

const Address = z.email();

/**
 * This receiver's own SMTP server, instead of the service-wide SMTP_URL. `secure`: TLS from
 * the first byte (port 465); otherwise STARTTLS when offered, and required with `requireTls`.
 * The server's certificate is checked against the system roots, or the receiver's `tls.ca`.
 */
export const SmtpServer = z.strictObject({
  host: z.string().min(1).max(253).regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be a host name or address'),
  port: z.number().int().min(1).max(65_535).default(587),
  secure: z.boolean().default(false),
  requireTls: z.boolean().default(false),
  username: z.string().min(1).max(512).optional(),
  /** Write-only in the API. */
  password: z.string().min(1).max(1024).optional(),
}).refine((s) => (s.username === undefined) === (s.password === undefined), { message: 'username and password go together', path: ['password'] });
export type SmtpServer = z.infer<typeof SmtpServer>;

/** E-mail recipients and envelope; the SMTP server is SMTP_URL unless the receiver names its own (`smtp`). */
export const EmailConfig = z.strictObject({
  to: z.array(Address).min(1).max(50),
  cc: z.array(Address).max(50).optional(),
  /** `Herald <herald@example.com>` or a bare address. */
  from: z
    .string()
    .min(3)
    .max(320)
    .regex(/^[^\r\n\0]*@[^\r\n\0]*$/, 'must be an address, optionally with a display name'),
  /** Mustache, rendered as plain text; see `templates/template-view.ts` for the names. */
  subject: TextTemplate.default(DEFAULT_SUBJECT),
  smtp: SmtpServer.optional(),
});
export type EmailConfig = z.infer<typeof EmailConfig>;
