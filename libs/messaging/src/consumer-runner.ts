import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import { HEADERS, readPayload, type ConsumerDefinition, type MessageKind } from '@herald/contracts';
import { counter, gauge, histogram, logContext, type Logger, type Registry } from '@herald/observability';
import type { JetStreamConnection } from './connection.js';
import { PermanentError } from './errors.js';
import { classifyFailure, sqlState, type FailureClass } from './failure.js';
import { deadLetter, type Outcome } from './outcome.js';
import { provisionConsumer } from './provisioning.js';
import { inboundMessage, type InboundMessage } from './inbound-message.js';
import { failureKey, RepeatedFailures } from './repeated-failures.js';
import type { Topology } from './topology.js';
import { writesOf, type WriteCoalescer } from './write-coalescer.js';

export type { InboundMessage } from './inbound-message.js';

export type BatchHandler<K extends MessageKind> = (messages: readonly InboundMessage<K>[]) => Promise<readonly Outcome[]>;
export type MessageHandler<K extends MessageKind> = (message: InboundMessage<K>) => Promise<Outcome>;

export interface ConsumerRunnerOptions<K extends MessageKind> {
  readonly connection: JetStreamConnection;
  readonly topology: Topology;
  readonly consumer: ConsumerDefinition & { readonly message: K };
  readonly logger: Logger;
  readonly registry: Registry;
  /** Handlers running at once. */
  readonly concurrency?: number;
  /** Messages handed to one batch handler call at most (batch mode only). */
  readonly batchSize?: number;
  /**
   * Batch mode, off the alert's path only (analytics): a partial batch waits up to this long for
   * more messages even when none are pending yet, so a storm's trickle of messages costs a few
   * large transactions instead of one each. Never set on the notification path, where a lone
   * message is handled at once. Default 0.
   */
  readonly gatherMs?: number;
  readonly handle?: MessageHandler<K>;
  readonly handleBatch?: BatchHandler<K>;
  /** Delay before redelivery after a thrown error (capped at maxOutageDelayMs for a transient one). */
  readonly errorBackoffMs?: (deliveryCount: number) => number;
  /**
   * Longest delay between retries of a message failing on infrastructure (database or broker
   * away): it is retried this often for as long as the outage lasts, so it resumes soon after.
   */
  readonly maxOutageDelayMs?: number;
  /** How often repeated failures are summarised in the log (default 10 s). */
  readonly failureSummaryMs?: number;
  /**
   * The consumer's `max_ack_pending` (default: 1000, or more for a large concurrency). Messages
   * nak'ed with a delay still count against it, so a consumer that parks many retries in the
   * broker needs room for them, or new messages stop arriving.
   */
  readonly maxAckPending?: number;
}

const defaultBackoff = (n: number): number => Math.min(500 * 2 ** (n - 1), 60_000);
const DEFAULT_MAX_OUTAGE_DELAY_MS = 10_000;
/** Messages whose counted failures are remembered at most (oldest forgotten first: they then get more retries, not fewer). */
const MAX_COUNTED = 100_000;
/**
 * How few messages may still be owed by the server (asked for, not yet received) before the
 * consumer asks for more. nats.js asks again at 75% of `max_messages` by default, which for a
 * small window (routing's: 2 messages per batch, a window of 4) is after every message: at 50
 * alerts/s, one pull request per alert on top of its ack, each a write here and a request for
 * the server to parse. At a quarter, at least one message is always asked for, so a lone message
 * is never waited for, and a window of 4 asks once every 3 messages.
 */
export function refillAt(maxMessages: number): number {
  return Math.max(1, Math.floor(maxMessages / 4));
}

/** Longest a partial batch waits for messages the server says are on their way. */
const LINGER_MS = 5;

/**
 * Runs a durable pull consumer: validates every message against its contract,
 * hands it to the handler with bounded concurrency (or in batches), and settles it:
 * ack, `nak(delay)` for a transient failure, or `term` plus a copy to `dlq.<stage>`
 * for a message that can never succeed. Nothing is dropped silently.
 */
export class ConsumerRunner<K extends MessageKind> {
  private readonly concurrency: number;
  private readonly batchSize: number;
  private readonly handleBatch: BatchHandler<K>;
  private readonly queue: JsMsg[] = [];
  private readonly maxQueue: number;
  private readonly maxAckPending: number;
  private inFlight = 0;
  private stopping = false;
  private consuming = false;
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private wakeReader: (() => void) | undefined;
  private idleWaiters: Array<() => void> = [];
  private lingerTimer: NodeJS.Timeout | undefined;
  /** True once a linger has run out: the next batch goes as it is. */
  private lingering = false;
  /** Acks, naks and terms leave with the turn's other protocol calls, in one write. */
  private readonly writes: WriteCoalescer;
  /** Every message received and not yet settled (queued or in flight): kept alive by one timer. */
  private readonly held = new Set<JsMsg>();
  /** Messages handed to the handler again, alone, after their batch failed: `redelivered` to it. */
  private readonly handedAgain = new WeakSet<JsMsg>();
  private keepAlive: NodeJS.Timeout | undefined;
  /**
   * Failures counted toward the dead-letter limit, by stream sequence. Not the server's
   * delivery count: that also counts redeliveries during an outage and after a crash, which
   * say nothing about the message. Per process: a restart (or another replica) starts again at
   * zero, which gives a poison message more attempts, never fewer.
   */
  private readonly counted = new Map<number, number>();
  private readonly failures = new RepeatedFailures();
  private summaryTimer: NodeJS.Timeout | undefined;
  private readonly metrics;

  constructor(private readonly options: ConsumerRunnerOptions<K>) {
    this.writes = writesOf(options.connection.nc);
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.batchSize = Math.max(1, options.batchSize ?? 1);
    const single = options.handle;
    if (options.handleBatch) this.handleBatch = options.handleBatch;
    else if (single) this.handleBatch = async (batch) => Promise.all(batch.map((m) => single(m)));
    else throw new Error('ConsumerRunner needs handle or handleBatch');
    this.maxQueue = this.concurrency * this.batchSize * 2;
    this.maxAckPending = Math.max(options.maxAckPending ?? 1_000, this.maxQueue * 4);
    const { registry } = options;
    this.metrics = {
      processed: counter(registry, {
        name: 'herald_messages_processed_total',
        help: 'Messages settled by a consumer, by outcome (ack, retry, dead)',
        labelNames: ['consumer', 'outcome'],
      }),
      duration: histogram(registry, {
        name: 'herald_message_handling_seconds',
        help: 'Time a consumer spent handling a message or batch',
        labelNames: ['consumer'],
        buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      }),
      deadLetters: counter(registry, {
        name: 'herald_dlq_messages_total',
        help: 'Messages dead-lettered to dlq.<stage>',
        labelNames: ['stage'],
      }),
      running: gauge(registry, {
        name: 'herald_consumer_running',
        help: '1 while the consumer is pulling messages',
        labelNames: ['consumer'],
      }),
    };
    const consumer = options.consumer.durable;
    for (const outcome of ['ack', 'retry', 'dead']) this.metrics.processed.inc({ consumer, outcome }, 0);
    this.metrics.deadLetters.inc({ stage: options.consumer.stage }, 0);
    this.metrics.running.set({ consumer }, 0);
  }

  get durable(): string {
    return this.options.consumer.durable;
  }

  /** True while messages are being pulled (readiness). */
  get running(): boolean {
    return this.consuming && !this.stopping;
  }

  async start(): Promise<void> {
    const { connection, topology, consumer } = this.options;
    await provisionConsumer(connection.jsm, topology, consumer, this.maxAckPending);
    // One timer for every held message, a third of the ack wait apart: the server redelivers a
    // message only when the process holding it is gone, which lets the ack wait be short (a dead
    // consumer's messages come back in seconds) without redelivering work still in progress.
    this.keepAlive = setInterval(() => this.keepHeldAlive(), Math.max(100, consumer.ackWaitMs / 3));
    this.keepAlive.unref();
    this.summaryTimer = setInterval(() => this.summariseFailures(), this.options.failureSummaryMs ?? 10_000);
    this.summaryTimer.unref();
    this.loop = this.readLoop();
  }

  /**
   * Stops pulling and finishes the work already received (in flight or queued),
   * up to graceMs; whatever is still unstarted then is returned to the server.
   * Received messages are processed rather than nak'ed because the server may
   * still hold our pull request and would hand them straight back to it.
   */
  async stop(graceMs = 20_000): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    // Wake the reader first: close() resolves only once the iterator is consumed, and the
    // reader may be parked waiting for queue space.
    this.wakeReader?.();
    // Not awaited: close() settles only when the iterator has been consumed, which the
    // read loop does; awaiting the loop below covers it.
    void this.messages?.close();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.whenIdle(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(timer);
    clearTimeout(this.lingerTimer);
    for (const msg of this.queue.splice(0)) {
      this.held.delete(msg);
      msg.nak();
    }
    this.writes.flush();
    await this.loop;
    clearInterval(this.keepAlive);
    clearInterval(this.summaryTimer);
    this.summariseFailures();
  }

  private async readLoop(): Promise<void> {
    const { connection, topology, consumer, logger } = this.options;
    const stream = topology.stream(consumer.stream);
    let failures = 0;
    while (!this.stopping) {
      try {
        if (failures > 0) await provisionConsumer(connection.jsm, topology, consumer, this.maxAckPending);
        const pull = await connection.js.consumers.get(stream, consumer.durable);
        const messages = await pull.consume({ max_messages: this.maxQueue, threshold_messages: refillAt(this.maxQueue), expires: 30_000 });
        this.messages = messages;
        if (this.stopping) {
          // stop() ran while the pull was being created: it could not close this one.
          // Not awaited: close() settles only once the iterator is consumed.
          void messages.close();
          break;
        }
        this.setConsuming(true);
        void this.watchStatus(messages);
        failures = 0;
        for await (const msg of messages) {
          this.queue.push(msg);
          this.held.add(msg);
          this.pump();
          while (this.queue.length >= this.maxQueue && !this.stopping) {
            await new Promise<void>((resolve) => (this.wakeReader = resolve));
          }
        }
      } catch (error) {
        failures += 1;
        if (!this.stopping) logger.warn({ err: error, consumer: consumer.durable }, 'consumer loop failed; re-creating');
      } finally {
        this.setConsuming(false);
      }
      if (!this.stopping) await sleep(Math.min(250 * 2 ** failures, 5_000));
    }
  }

  /** Missed heartbeats mean the pull is stuck (e.g. after a server restart): re-create it. */
  private async watchStatus(messages: ConsumerMessages): Promise<void> {
    const { logger, consumer } = this.options;
    for await (const status of messages.status()) {
      if (
        (status.type === 'heartbeats_missed' && status.count >= 2) ||
        status.type === 'consumer_deleted' ||
        (status.type === 'consumer_not_found' && status.count >= 2)
      ) {
        logger.warn({ consumer: consumer.durable, status: status.type }, 're-creating consume()');
        await messages.close();
        return;
      }
    }
  }

  private pump(): void {
    while (this.inFlight < this.concurrency && this.queue.length > 0) {
      if (this.shouldLinger()) return;
      this.lingering = false;
      clearTimeout(this.lingerTimer);
      this.lingerTimer = undefined;
      const batch = this.queue.splice(0, this.batchSize);
      this.inFlight += 1;
      void this.process(batch).finally(() => {
        this.inFlight -= 1;
        if (this.queue.length < this.maxQueue) this.wakeReader?.();
        if (this.inFlight === 0 && this.queue.length === 0) this.idleWaiters.splice(0).forEach((w) => w());
        this.pump();
      });
    }
  }

  /**
   * In batch mode, while the server says more messages wait behind the last one received
   * (`info.pending`), hold a partial batch for up to LINGER_MS so they join it: a storm then
   * costs a few large batches instead of many small ones. A lone message (nothing pending)
   * is never held, unless the consumer gathers (`gatherMs`, off the alert's path).
   */
  private shouldLinger(): boolean {
    if (this.batchSize === 1 || this.stopping || this.queue.length >= this.batchSize || this.lingering) return false;
    const last = this.queue[this.queue.length - 1];
    if (!last) return false;
    const waitMs = Math.max(last.info.pending > 0 ? LINGER_MS : 0, this.options.gatherMs ?? 0);
    if (waitMs <= 0) return false;
    this.lingerTimer ??= setTimeout(() => {
      this.lingerTimer = undefined;
      this.lingering = true;
      this.pump();
    }, waitMs);
    return true;
  }

  private async process(batch: JsMsg[]): Promise<void> {
    const valid: Array<{ raw: JsMsg; message: InboundMessage<K> }> = [];
    for (const raw of batch) {
      const decoded = this.decode(raw);
      if (decoded.ok) valid.push({ raw, message: decoded.message });
      else await this.settle(raw, deadLetter(decoded.reason));
    }
    if (valid.length === 0) return;
    const end = this.metrics.duration.startTimer({ consumer: this.options.consumer.durable });
    try {
      const outcomes = await this.handleBatch(valid.map((v) => v.message));
      await Promise.all(valid.map((v, i) => this.settle(v.raw, outcomes[i] ?? { type: 'ack' })));
    } catch (error) {
      const failure = classifyFailure(error);
      this.logFailure(failure, error, valid[0]!.message);
      if (failure === 'transient') {
        // The database or broker is away: one by one would only fail the same way, slower.
        await Promise.all(valid.map((v) => this.settle(v.raw, this.outageRetry(v.message.deliveryCount, error), false)));
      } else if (valid.length > 1) {
        // Isolate the message that failed: handle the batch one by one. The handler may have done
        // part of the batch's work, so each message goes again as redelivered, as from the server.
        for (const v of valid) {
          this.handedAgain.add(v.raw);
          await this.process([v.raw]);
        }
      } else {
        const only = valid[0]!;
        if (failure === 'permanent') await this.settle(only.raw, deadLetter(permanentReason(error)));
        else {
          const delay = (this.options.errorBackoffMs ?? defaultBackoff)(only.message.deliveryCount);
          await this.settle(only.raw, { type: 'retry', delayMs: delay, reason: errorMessage(error) });
        }
      }
    } finally {
      end();
    }
  }

  private keepHeldAlive(): void {
    try {
      for (const message of this.held) message.working();
    } catch {
      // The connection is closed: the server redelivers after the ack wait, and a timer must not crash the process.
    }
  }

  /** A retry after an infrastructure failure: backed off, but never longer apart than maxOutageDelayMs. */
  private outageRetry(deliveryCount: number, error: unknown): Outcome {
    const delay = (this.options.errorBackoffMs ?? defaultBackoff)(deliveryCount);
    return { type: 'retry', delayMs: Math.min(delay, this.options.maxOutageDelayMs ?? DEFAULT_MAX_OUTAGE_DELAY_MS), reason: errorMessage(error) };
  }

  /** The first failure of a kind with its stack; repeats only counted, summarised by the timer. */
  private logFailure(failure: FailureClass, error: unknown, message: InboundMessage<K>): void {
    if (!this.failures.note(failureKey(failure, error))) return;
    const { consumer, logger } = this.options;
    const what = failure === 'permanent' ? 'handler failed on the message; dead-lettering' : 'handler failed; will retry';
    logger.warn({ err: error, consumer: consumer.durable, msgId: message.msgId, failure, ...logContext(message) }, `${what} (repeats of this failure are summarised)`);
  }

  private summariseFailures(): void {
    const { consumer, logger } = this.options;
    const periodSeconds = (this.options.failureSummaryMs ?? 10_000) / 1_000;
    for (const { key, repeats } of this.failures.drain()) {
      logger.warn({ consumer: consumer.durable, failure: key, repeats }, `the same failure ${repeats} more times in ${periodSeconds} s`);
    }
  }

  private decode(raw: JsMsg): { ok: true; message: InboundMessage<K> } | { ok: false; reason: string } {
    let json: unknown;
    try {
      json = raw.json<unknown>();
    } catch {
      return { ok: false, reason: 'body is not JSON' };
    }
    const reading = readPayload(this.options.consumer.message, json);
    if (!reading.ok) return { ok: false, reason: reading.reason };
    const message = inboundMessage(raw, reading.payload, this.options.topology.localSubject(raw.subject), this.handedAgain.has(raw));
    return { ok: true, message };
  }

  /**
   * Settles a message. A retry counts toward the dead-letter limit unless `counts` is false (an
   * infrastructure failure, which is waited out however long it lasts).
   */
  private async settle(raw: JsMsg, outcome: Outcome, counts = true): Promise<void> {
    const { consumer, logger } = this.options;
    const label = { consumer: consumer.durable };
    this.held.delete(raw);
    if (outcome.type === 'ack') {
      this.counted.delete(raw.seq);
      this.writes.defer(() => raw.ack(), this.settleFailed);
      this.metrics.processed.inc({ ...label, outcome: 'ack' });
      return;
    }
    const attempts = outcome.type === 'retry' && counts ? this.countFailure(raw.seq) : (this.counted.get(raw.seq) ?? 0);
    if (outcome.type === 'retry' && (!counts || attempts < consumer.maxAttempts)) {
      this.writes.defer(() => raw.nak(outcome.delayMs), this.settleFailed);
      this.metrics.processed.inc({ ...label, outcome: 'retry' });
      return;
    }
    const reason = outcome.type === 'retry' ? `gave up after ${attempts} deliveries: ${outcome.reason ?? 'transient failure'}` : outcome.reason;
    try {
      await this.publishDeadLetter(raw, reason);
    } catch (error) {
      // The copy must exist before the original is terminated; try again later.
      logger.error({ err: error, consumer: consumer.durable }, 'dead-letter publish failed; will redeliver');
      raw.nak(5_000);
      return;
    }
    // No reason text on term: nats-server 2.9 ignores `+TERM <reason>` entirely; the reason is in the DLQ copy.
    this.writes.defer(() => raw.term(), this.settleFailed);
    this.counted.delete(raw.seq);
    this.metrics.processed.inc({ ...label, outcome: 'dead' });
    this.metrics.deadLetters.inc({ stage: consumer.stage });
    logger.warn({ consumer: consumer.durable, subject: raw.subject, seq: raw.seq, reason }, 'message dead-lettered');
  }

  private countFailure(seq: number): number {
    const n = (this.counted.get(seq) ?? 0) + 1;
    this.counted.delete(seq);
    this.counted.set(seq, n);
    if (this.counted.size > MAX_COUNTED) this.counted.delete(this.counted.keys().next().value!);
    return n;
  }

  private async publishDeadLetter(raw: JsMsg, reason: string): Promise<void> {
    const { connection, topology, consumer } = this.options;
    const h = natsHeaders();
    const copied = copyHeaders(raw, h);
    h.set(HEADERS.deadReason, (copied ? reason : `${reason} (its headers could not be decoded and are not copied)`).slice(0, 1_000));
    h.set(HEADERS.deadSubject, raw.subject);
    h.set(HEADERS.deadStream, raw.info.stream);
    h.set(HEADERS.deadConsumer, consumer.durable);
    h.set(HEADERS.deadDeliveries, String(raw.info.deliveryCount));
    await connection.js.publish(topology.deadLetterSubject(consumer.stage), raw.data, {
      headers: h,
      // Dead-lettering the same stream message twice (a crash before term) stores one copy.
      msgID: `dlq:${raw.info.stream}:${raw.seq}`,
    });
  }

  /** An ack, nak or term the connection refused (closed, draining): the server redelivers the message after its ack wait. */
  private readonly settleFailed = (error: unknown): void => {
    this.options.logger.warn({ err: error, consumer: this.options.consumer.durable }, 'could not settle a message; the server will redeliver it');
  };

  private setConsuming(on: boolean): void {
    this.consuming = on;
    this.metrics.running.set({ consumer: this.options.consumer.durable }, on ? 1 : 0);
  }

  private whenIdle(): Promise<void> {
    if (this.inFlight === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}

/**
 * Copies a message's headers onto its dead-letter copy; false when nats.js cannot decode them (a
 * name with a space, from a publisher other than Herald): the copy then goes without them, since
 * the dead letter must exist before the original is terminated, and a header block that cannot
 * be read would otherwise fail every attempt to dead-letter it.
 */
function copyHeaders(raw: JsMsg, into: MsgHdrs): boolean {
  try {
    for (const [name, values] of raw.headers ?? []) for (const value of values) into.append(name, value);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The dead-letter reason of a failure on the message's content: its code (SQLSTATE) and message. */
function permanentReason(error: unknown): string {
  if (error instanceof PermanentError) return `${error.code}: ${error.message}`;
  const state = sqlState(error);
  return state ? `SQLSTATE ${state}: ${errorMessage(error)}` : errorMessage(error);
}
