import type { Channel, DeliveryJob } from '@herald/contracts';
import { oauth2Of, RenderError, renderDelivery, type Rendered, type RenderedRequest } from '../channels/index.js';
import type { OAuth2Tokens } from './auth/oauth2-tokens.js';
import type { AttemptResult } from './domain/settle-attempt.js';
import { requestRecord, responseHeadersRecord, type RequestRecord } from './domain/request-record.js';
import type { EmailSender } from './email/email-sender.js';
import type { GuardedHttpClient, HttpAttempt, SendOptions } from './http/guarded-http-client.js';

/** What the sender needs of a receiver. */
export interface SendTarget {
  readonly id: string;
  readonly name: string;
  readonly channel: Channel;
  readonly settings: unknown;
  /** This receiver's request timeout; DISPATCH_REQUEST_TIMEOUT_MS when unset. */
  readonly timeoutSeconds?: number;
  /** The CA bundle its TLS servers (HTTPS, SMTP) must chain to. */
  readonly tls?: { readonly ca: string };
}

function sendOptions(target: SendTarget): SendOptions {
  return {
    ...(target.timeoutSeconds !== undefined ? { timeoutMs: target.timeoutSeconds * 1_000 } : {}),
    ...(target.tls ? { ca: target.tls.ca } : {}),
  };
}

/** One attempt as it went, before the retry policy has its say. */
export interface SentAttempt {
  /** What was sent, secrets redacted; absent when nothing could be rendered. */
  readonly request?: RequestRecord;
  /** Input to `settleAttempt`. */
  readonly result: AttemptResult;
  readonly statusCode?: number;
  /** Why it failed, when it did: `timeout`, `network`, `tls`, `blocked`, `render_<code>`, `oauth2_token`… */
  readonly errorClass?: string;
  readonly errorDetail?: string;
  readonly responseHeaders: Readonly<Record<string, string>>;
  readonly responseExcerpt: string;
  readonly durationMs: number;
}

/**
 * Renders a job for its receiver's channel and sends it once: HTTP channels through the
 * SSRF-guarded client (with an OAuth2 token when the receiver's auth asks for one), e-mail
 * over SMTP. Never throws for anything the receiver or its settings cause.
 */
export class AttemptSender {
  constructor(
    private readonly http: GuardedHttpClient,
    private readonly email: EmailSender,
    private readonly tokens: OAuth2Tokens,
    private readonly heraldUrl: string | undefined,
  ) {}

  async attempt(job: DeliveryJob, target: SendTarget, attemptedAt: Date): Promise<SentAttempt> {
    let rendered: Rendered;
    try {
      rendered = renderDelivery(
        target.channel,
        { message: job.message, receiver: { id: target.id, name: target.name }, now: attemptedAt.toISOString(), ...(this.heraldUrl ? { heraldUrl: this.heraldUrl } : {}) },
        target.settings,
        // The job id is the Standard Webhooks message id: stable across retries so receivers can deduplicate.
        { messageId: job.id, timestamp: Math.floor(attemptedAt.getTime() / 1_000) },
      );
    } catch (error) {
      if (!(error instanceof RenderError)) throw error;
      return { result: { error: 'other' }, errorClass: `render_${error.code.toLowerCase()}`, errorDetail: error.message, responseHeaders: {}, responseExcerpt: '', durationMs: 0 };
    }
    if (rendered.kind === 'email') {
      const sent = await this.email.send(rendered, sendOptions(target));
      return {
        request: requestRecord(target.channel, rendered, target.settings),
        result: { ...(sent.statusCode !== undefined ? { statusCode: sent.statusCode } : {}), ...(sent.error ? { error: sent.error } : {}) },
        ...(sent.statusCode !== undefined ? { statusCode: sent.statusCode } : {}),
        ...(sent.error ? { errorClass: sent.error } : {}),
        ...(sent.errorDetail ? { errorDetail: sent.errorDetail } : {}),
        responseHeaders: {},
        responseExcerpt: sent.response ?? '',
        durationMs: sent.durationMs,
      };
    }
    return this.sendHttp(rendered, target);
  }

  private async sendHttp(rendered: RenderedRequest, target: SendTarget): Promise<SentAttempt> {
    const oauth2 = oauth2Of(target.settings);
    const options = sendOptions(target);
    if (!oauth2) return fromHttp(rendered, await this.http.post(rendered.url, rendered.headers, rendered.body, options), target);
    let token = await this.tokens.token(oauth2);
    if (!token.ok) return { ...fromHttp(rendered, token.attempt, target), errorClass: 'oauth2_token', errorDetail: token.detail };
    let request: RenderedRequest = { ...rendered, headers: { ...rendered.headers, authorization: `Bearer ${token.token}` } };
    let sent = await this.http.post(request.url, request.headers, request.body, options);
    if (sent.statusCode === 401) {
      // A cached token may have been revoked early: fetch a fresh one and try once more.
      this.tokens.invalidate(oauth2);
      if (token.fromCache) {
        token = await this.tokens.token(oauth2);
        if (!token.ok) return { ...fromHttp(request, token.attempt, target), errorClass: 'oauth2_token', errorDetail: token.detail };
        request = { ...rendered, headers: { ...rendered.headers, authorization: `Bearer ${token.token}` } };
        sent = await this.http.post(request.url, request.headers, request.body, options);
      }
    }
    return fromHttp(request, sent, target);
  }
}

function fromHttp(rendered: RenderedRequest, sent: HttpAttempt, target: SendTarget): SentAttempt {
  const retryAfter = sent.headers['retry-after'];
  return {
    request: requestRecord(target.channel, rendered, target.settings),
    result: {
      ...(sent.statusCode !== undefined ? { statusCode: sent.statusCode } : {}),
      ...(sent.error !== undefined ? { error: sent.error } : {}),
      ...(retryAfter ? { retryAfterHeader: retryAfter } : {}),
    },
    ...(sent.statusCode !== undefined ? { statusCode: sent.statusCode } : {}),
    ...(sent.error ? { errorClass: sent.error } : {}),
    ...(sent.errorDetail ? { errorDetail: sent.errorDetail } : {}),
    responseHeaders: responseHeadersRecord(sent.headers),
    responseExcerpt: sent.bodyExcerpt,
    durationMs: sent.durationMs,
  };
}
