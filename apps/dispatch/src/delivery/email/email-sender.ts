import { createHash } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import type { RenderedEmail } from '../../channels/index.js';
import type { SmtpServer } from '../../channels/email/email.config.js';
import type { AttemptError } from '../domain/index.js';

export interface EmailAttempt {
  readonly statusCode?: number;
  readonly error?: AttemptError;
  readonly errorDetail?: string;
  /** The server's final reply (and any refused recipients), for the delivery log. */
  readonly response?: string;
  readonly durationMs: number;
}

/**
 * Sends rendered e-mail over SMTP. SMTP replies map onto HTTP-like classes so one
 * retry policy serves both: 2xx accepted, 4xx (transient) → 503, 5xx (permanent) → 400.
 * A mail accepted for some recipients and refused for others counts as sent (the
 * accepted ones must not get it twice); the refused addresses are in the log.
 */
export class EmailSender {
  /** SMTP_URL with the timeouts added (checked at start-up); its transport is made on the first mail. */
  private readonly sharedUrl: string | undefined;
  private shared: Transporter | undefined;
  /** Transports of receivers with their own SMTP server, by a hash of server, credentials, CA and timeout. */
  private readonly own = new Map<string, Transporter>();

  constructor(
    smtpUrl: string | undefined,
    private readonly timeoutMs: number,
  ) {
    this.sharedUrl = smtpUrl ? withTimeouts(smtpUrl, timeoutMs) : undefined;
  }

  /** `ca` and `timeoutMs` are the receiver's own (`tls.ca`, `timeoutSeconds`); they apply to its own server. */
  async send(mail: RenderedEmail, options: { ca?: string; timeoutMs?: number } = {}): Promise<EmailAttempt> {
    const started = performance.now();
    const durationMs = (): number => Math.round((performance.now() - started) * 100) / 100;
    const transport = mail.smtp ? await this.ownTransport(mail.smtp, options.ca, options.timeoutMs ?? this.timeoutMs) : await this.sharedTransport();
    if (!transport) return { error: 'other', errorDetail: 'SMTP_URL is not configured and the receiver names no smtp server', durationMs: durationMs() };
    try {
      const info = (await transport.sendMail({
        from: mail.from,
        to: mail.to,
        ...(mail.cc ? { cc: mail.cc } : {}),
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        ...(mail.headers ? { headers: mail.headers } : {}),
      })) as { response?: unknown; rejected?: unknown };
      const rejected = Array.isArray(info.rejected) && info.rejected.length > 0 ? ` (refused: ${info.rejected.map(String).join(', ')})` : '';
      return { statusCode: 202, response: `${typeof info.response === 'string' ? info.response : ''}${rejected}`.slice(0, 1_024), durationMs: durationMs() };
    } catch (error) {
      const responseCode = (error as { responseCode?: unknown }).responseCode;
      const detail = error instanceof Error ? error.message : String(error);
      if (typeof responseCode === 'number') return { statusCode: responseCode >= 500 ? 400 : 503, errorDetail: detail, response: detail.slice(0, 1_024), durationMs: durationMs() };
      const raw = (error as { code?: unknown }).code;
      const code = typeof raw === 'string' ? raw : '';
      return { error: code === 'ETIMEDOUT' ? 'timeout' : 'network', errorDetail: detail, durationMs: durationMs() };
    }
  }

  close(): void {
    this.shared?.close();
    for (const t of this.own.values()) t.close();
  }

  private async sharedTransport(): Promise<Transporter | undefined> {
    if (this.sharedUrl === undefined) return undefined;
    const { createTransport } = await loadMailer();
    this.shared ??= createTransport(this.sharedUrl);
    return this.shared;
  }

  private async ownTransport(smtp: SmtpServer, ca: string | undefined, timeoutMs: number): Promise<Transporter> {
    const key = createHash('sha256').update(JSON.stringify([smtp, ca ?? null, timeoutMs])).digest('hex');
    const { createTransport } = await loadMailer();
    let transport = this.own.get(key);
    if (!transport) {
      transport = createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure,
        requireTLS: smtp.requireTls,
        ...(smtp.username !== undefined && smtp.password !== undefined ? { auth: { user: smtp.username, pass: smtp.password } } : {}),
        ...(ca !== undefined ? { tls: { ca } } : {}),
        connectionTimeout: timeoutMs,
        greetingTimeout: timeoutMs,
        socketTimeout: timeoutMs,
      });
      this.own.set(key, transport);
    }
    return transport;
  }
}

/**
 * nodemailer is loaded with the first mail: most installs send none, and its modules hold about
 * 3 MiB of dispatch's heap for as long as it runs (README, Performance).
 */
let mailer: Promise<typeof import('nodemailer')> | undefined;
function loadMailer(): Promise<typeof import('nodemailer')> {
  return (mailer ??= import('nodemailer'));
}

/** nodemailer reads transport options from the URL's query string. */
function withTimeouts(smtpUrl: string, timeoutMs: number): string {
  const url = new URL(smtpUrl);
  for (const name of ['connectionTimeout', 'greetingTimeout', 'socketTimeout']) {
    if (!url.searchParams.has(name)) url.searchParams.set(name, String(timeoutMs));
  }
  return url.toString();
}
