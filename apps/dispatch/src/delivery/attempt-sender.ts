import { createHash } from 'node:crypto';
import type { Channel, DeliveryJob } from '@herald/contracts';
import { oauth2Of, RenderError, renderDelivery, renderDeliveryBatch, type Rendered, type RenderedRequest } from '../channels/index.js';
import type { OAuth2Tokens } from './auth/oauth2-tokens.js';
import type { AttemptResult } from './domain/settle-attempt.js';
import { requestRecord, responseHeadersRecord, type RequestRecord } from './domain/request-record.js';
import { bulkReportsItemErrors } from './batching/bulk-errors.js';
import type { EmailSender } from './email/email-sender.js';
import { slackAnswer } from '../channels/slack/slack-answer.js';
import type { GuardedHttpClient, HttpAttempt, SendOptions } from './http/guarded-http-client.js';
import type { ThreadStore } from './state/slack-threads.js';

/** Web API answers are read whole (chat.postMessage echoes the message); the log keeps the usual excerpt. */
const ANSWER_BYTES = 64 * 1024;
const LOGGED_EXCERPT_BYTES = 1_024;
const NO_THREADS: ThreadStore = { find: () => Promise.resolve(undefined), keep: () => Promise.resolve() };

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

/** A Slack receiver posting with a bot token and threads on. */
function threadedSlack(settings: unknown): boolean {
  const s = settings as { token?: unknown; threads?: unknown } | null;
  return typeof s?.token === 'string' && s.threads !== false;
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
    /** None by default: Slack messages then never thread. */
    private readonly threads: ThreadStore = NO_THREADS,
  ) {}

  async attempt(job: DeliveryJob, target: SendTarget, attemptedAt: Date): Promise<SentAttempt> {
    let rendered: Rendered;
    // A test notification's incident is made up: it neither starts nor joins a thread.
    // A group notification is about many incidents: it neither starts nor joins an incident's thread.
    const threaded = target.channel === 'slack' && !job.id.startsWith('test-') && !job.group && threadedSlack(target.settings);
    const threadTs = threaded ? await this.threads.find(target.id, job.message.incident.id) : undefined;
    try {
      rendered = renderDelivery(
        target.channel,
        {
          message: job.message,
          ...(job.group ? { group: job.group } : {}),
          receiver: { id: target.id, name: target.name },
          now: attemptedAt.toISOString(),
          ...(this.heraldUrl ? { heraldUrl: this.heraldUrl } : {}),
          ...(threadTs ? { threadTs } : {}),
        },
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
    const sent = await this.sendHttp(rendered, target);
    if (!rendered.answer || sent.result.statusCode === undefined || sent.result.statusCode >= 300) return sent;
    return this.readSlackAnswer(sent, threaded && !threadTs ? { receiverId: target.id, incidentId: job.message.incident.id } : undefined);
  }

  /** A 2xx from Slack's Web API is a delivery only with `ok: true`; the first message of an incident starts its thread. */
  private async readSlackAnswer(sent: SentAttempt, startThread: { receiverId: string; incidentId: string } | undefined): Promise<SentAttempt> {
    const answer = slackAnswer(sent.responseExcerpt);
    const logged = { ...sent, responseExcerpt: sent.responseExcerpt.slice(0, LOGGED_EXCERPT_BYTES) };
    // Slack refused (invalid_auth, channel_not_found, not_in_channel…): the same request would be refused again.
    if (!answer.ok) return { ...logged, result: { error: 'other' }, errorClass: `slack_${answer.error}`, errorDetail: `Slack answered ok: false (${answer.error})` };
    if (startThread && answer.ts && answer.channel) await this.threads.keep(startThread.receiverId, startThread.incidentId, answer.channel, answer.ts);
    return logged;
  }

  /**
   * Several jobs for one receiver as one request (batch sending, HTTP channels only). The
   * request is signed as one message whose id is derived from the job ids, so the same
   * batch sent again carries the same id. An Elasticsearch `_bulk` answer that reports item
   * errors counts as a failed batch (its documents have fixed ids: sending them again is safe).
   */
  async attemptBatch(jobs: readonly DeliveryJob[], target: SendTarget, attemptedAt: Date): Promise<SentAttempt> {
    let rendered: RenderedRequest;
    try {
      rendered = renderDeliveryBatch(
        target.channel,
        jobs.map((job) => ({ message: job.message, ...(job.group ? { group: job.group } : {}), receiver: { id: target.id, name: target.name }, now: attemptedAt.toISOString(), ...(this.heraldUrl ? { heraldUrl: this.heraldUrl } : {}) })),
        target.settings,
        { messageId: batchId(jobs), timestamp: Math.floor(attemptedAt.getTime() / 1_000) },
      );
    } catch (error) {
      if (!(error instanceof RenderError)) throw error;
      return { result: { error: 'other' }, errorClass: `render_${error.code.toLowerCase()}`, errorDetail: error.message, responseHeaders: {}, responseExcerpt: '', durationMs: 0 };
    }
    const sent = await this.sendHttp(rendered, target);
    if (target.channel === 'elasticsearch' && sent.statusCode !== undefined && sent.statusCode < 300 && bulkReportsItemErrors(sent.responseExcerpt)) {
      return { ...sent, result: { statusCode: 502 }, statusCode: 502, errorClass: 'bulk_item_errors', errorDetail: `_bulk answered ${sent.statusCode} with item errors` };
    }
    return sent;
  }

  private async sendHttp(rendered: RenderedRequest, target: SendTarget): Promise<SentAttempt> {
    const oauth2 = oauth2Of(target.settings);
    const options = { ...sendOptions(target), ...(rendered.answer ? { maxResponseBytes: ANSWER_BYTES } : {}) };
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

/** The id a batch is signed with: the same jobs give the same id. */
export function batchId(jobs: readonly DeliveryJob[]): string {
  return `batch_${createHash('sha256').update(jobs.map((j) => j.id).join('\n')).digest('hex').slice(0, 32)}`;
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
