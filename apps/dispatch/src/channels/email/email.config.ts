import { z } from 'zod';
import { TextTemplate } from '../templates/text-template.js';

export const DEFAULT_SUBJECT = '[Herald] {{headline}}';

const Address = z.email();

/** E-mail recipients and envelope; the SMTP transport itself is configured elsewhere. */
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
});
export type EmailConfig = z.infer<typeof EmailConfig>;
