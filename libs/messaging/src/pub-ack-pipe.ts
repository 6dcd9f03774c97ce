import { createInbox, type Msg, type MsgHdrs, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import type { PubAck } from '@nats-io/jetstream';
import { writesOf, type WriteCoalescer } from './write-coalescer.js';

/** A publish JetStream refused (no stream for the subject, a failed expectation, storage full). */
export class PublishRefusedError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly errCode?: number,
  ) {
    super(message);
    this.name = 'PublishRefusedError';
  }
}

/** No PubAck within the time-out: the message may or may not be stored (publish again; the msg id dedupes). */
export class PublishTimeoutError extends Error {
  constructor(subject: string, timeoutMs: number) {
    super(`no PubAck for ${subject} within ${timeoutMs} ms`);
    this.name = 'PublishTimeoutError';
  }
}

interface Waiting {
  readonly subject: string;
  readonly deadline: number;
  readonly timeoutMs: number;
  readonly resolve: (ack: PubAck) => void;
  readonly reject: (error: Error) => void;
}

interface PubAckReply {
  readonly stream?: string;
  readonly seq?: number;
  readonly duplicate?: boolean;
  readonly domain?: string;
  readonly error?: { readonly code?: number; readonly err_code?: number; readonly description?: string };
}

const SWEEP_MS = 100;

/**
 * JetStream publishes with their PubAcks collected on one subscription: each message is a
 * core publish whose reply subject is a token under this pipe's inbox, and a reply settles
 * the publish waiting on that token. Same wire protocol as nats.js's `js.publish`, but no
 * request object, timer and error object per message (the nats.js request path builds a
 * `RequestError` for every request it closes, which dominated publish cost in profiles);
 * one sweep times out what got no answer.
 */
export class PubAckPipe {
  private readonly inbox = createInbox();
  private readonly waiting = new Map<string, Waiting>();
  private readonly subscription: Subscription;
  private readonly sweeper: NodeJS.Timeout;
  private readonly writes: WriteCoalescer;
  private next = 0;

  constructor(private readonly nc: NatsConnection) {
    this.writes = writesOf(nc);
    this.subscription = nc.subscribe(`${this.inbox}.*`, { callback: (_error, msg) => this.settle(msg) });
    this.sweeper = setInterval(() => this.sweep(Date.now()), SWEEP_MS);
    this.sweeper.unref();
  }

  /** Publishes and resolves with the PubAck once JetStream has stored the message. */
  publish(subject: string, data: string | Uint8Array, headers: MsgHdrs, timeoutMs: number): Promise<PubAck> {
    const token = (this.next++).toString(36);
    return new Promise<PubAck>((resolve, reject) => {
      this.waiting.set(token, { subject, deadline: Date.now() + timeoutMs, timeoutMs, resolve, reject });
      // Made at the end of this turn with the others (see WriteCoalescer): many publishes, one write.
      this.writes.defer(() => {
        try {
          this.nc.publish(subject, data, { reply: `${this.inbox}.${token}`, headers });
        } catch (error) {
          this.waiting.delete(token);
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
  }

  /** Fails what still waits and stops listening. */
  close(): void {
    this.writes.flush();
    clearInterval(this.sweeper);
    this.subscription.unsubscribe();
    for (const [token, w] of this.waiting) {
      this.waiting.delete(token);
      w.reject(new Error(`publisher closed before ${w.subject} was acknowledged`));
    }
  }

  private settle(msg: Msg): void {
    const token = msg.subject.slice(this.inbox.length + 1);
    const waiting = this.waiting.get(token);
    if (!waiting) return; // timed out already; the stored message (if any) stays, and a re-publish dedupes on its id
    this.waiting.delete(token);
    if (msg.headers?.hasError) {
      const code = msg.headers.code;
      waiting.reject(new PublishRefusedError(code === 503 ? `no stream takes ${waiting.subject}` : `${waiting.subject}: ${msg.headers.description || code}`, code));
      return;
    }
    let reply: PubAckReply;
    try {
      reply = msg.json<PubAckReply>();
    } catch {
      waiting.reject(new PublishRefusedError(`unreadable PubAck for ${waiting.subject}`, 500));
      return;
    }
    if (reply.error || reply.stream === undefined || reply.seq === undefined) {
      const e = reply.error ?? {};
      waiting.reject(new PublishRefusedError(`${waiting.subject}: ${e.description ?? 'invalid PubAck'}`, e.code ?? 500, e.err_code));
      return;
    }
    waiting.resolve({ stream: reply.stream, seq: reply.seq, duplicate: reply.duplicate === true, ...(reply.domain ? { domain: reply.domain } : {}) });
  }

  private sweep(now: number): void {
    for (const [token, w] of this.waiting) {
      if (w.deadline > now) continue;
      this.waiting.delete(token);
      w.reject(new PublishTimeoutError(w.subject, w.timeoutMs));
    }
  }
}
