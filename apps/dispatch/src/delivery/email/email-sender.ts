import nodemailer, { type Transporter } from 'nodemailer';
import type { RenderedEmail } from '../../channels/index.js';
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
  private readonly transport: Transporter | undefined;

  constructor(smtpUrl: string | undefined, timeoutMs: number) {
    this.transport = smtpUrl ? nodemailer.createTransport(withTimeouts(smtpUrl, timeoutMs)) : undefined;
  }

  async send(mail: RenderedEmail): Promise<EmailAttempt> {
    const started = performance.now();
    const durationMs = (): number => Math.round((performance.now() - started) * 100) / 100;
    if (!this.transport) return { error: 'other', errorDetail: 'SMTP_URL is not configured', durationMs: durationMs() };
    try {
      const info = (await this.transport.sendMail({
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
    this.transport?.close();
  }
}

/** nodemailer reads transport options from the URL's query string. */
function withTimeouts(smtpUrl: string, timeoutMs: number): string {
  const url = new URL(smtpUrl);
  for (const name of ['connectionTimeout', 'greetingTimeout', 'socketTimeout']) {
    if (!url.searchParams.has(name)) url.searchParams.set(name, String(timeoutMs));
  }
  return url.toString();
}
