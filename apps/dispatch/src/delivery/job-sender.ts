import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { DeliveryJob, DeliveryOutcomeKind } from '@herald/contracts';
import { ack, JetStreamClient, retryAfter, type Outcome } from '@herald/messaging';
import { LOGGER, logContext, Registry, type Logger, type WorkContext } from '@herald/observability';
import { ReceiverRegistry } from '../receivers/receiver-registry.js';
import type { Receiver } from '../receivers/domain/receiver.js';
import {
  admitJob,
  directCapacity,
  type AdmissionFacts,
  busyDelayMs,
  circuitDeferral,
  deliveryPolicyOf,
  parseRetryAfter,
  spreadDelayMs,
  type DeliveryDefaults,
  type DeliveryPolicy,
  type RetryPolicy,
} from './domain/index.js';
import { attemptConsequences, breakerResult } from './domain/attempt-consequences.js';
import { settleAttempt } from './domain/settle-attempt.js';
import type { SentAttempt } from './attempt-sender.js';
import { BatchCollector } from './batching/batch-collector.js';
import { DeliveryMetrics, type DeferReason } from './delivery-metrics.js';
import { DeliveryTransport } from './delivery-transport.js';
import { ReceiverDisabledNotifier } from './receiver-disabled-notifier.js';
import { ReceiverConcurrency } from './isolation/receiver-concurrency.js';
import { DeliveryLog, FINAL_STATUSES, type AttemptRecord, type JobRecord } from './log/delivery-log.js';
import { OutcomeRecorder } from './outcome-recorder.js';
import { RateLimiter } from './state/rate-limiter.js';
import { ReceiverHealth, type DisabledReason } from './state/receiver-health.js';

export const SENDER_OPTIONS = Symbol('SENDER_OPTIONS');

export interface SenderOptions {
  /** Jobs handled at once by this replica, over all receivers. */
  readonly concurrency: number;
  /** Per-receiver defaults: concurrency cap, circuit breaker, disable period. */
  readonly defaults: DeliveryDefaults;
  /** Attempts older than this are pruned from the delivery log (0 = never). */
  readonly logRetentionDays: number;
  /** The HTTP request timeout: a send in flight for a quarter of it counts as hanging, not quick. */
  readonly requestTimeoutMs: number;
  /** The receiver told when another is disabled (DISPATCH_OPS_RECEIVER). */
  readonly opsReceiverId?: string;
}

const PRUNE_EVERY_MS = 3_600_000;

/** A job waiting for its receiver's batch, with the number its attempt will have. */
interface BatchEntry {
  readonly job: DeliveryJob;
  readonly attempt: number;
  readonly context: WorkContext | undefined;
}
/** A second copy of a job in progress (or recorded concurrently elsewhere) comes back after this. */
const DUPLICATE_DELAY_MS = 1_000;
/** Longest hold for a receiver at its concurrency cap. */
const BUSY_MAX_DELAY_MS = 5_000;

/**
 * Sends one delivery job, whether it came from the broker (`SendDeliveryJobs`) or straight
 * from routing (`DirectSender`, the first attempt of a fresh job). In order: the pure
 * admission gates (`admitJob`: unknown, paused, disabled, Retry-After quiet, open circuit,
 * concurrency cap) decide from memory whether the job ends without a send, is held back
 * (retry later, no attempt spent) or goes on; a job whose outcome is already recorded (a
 * redelivery after a crash) is skipped; otherwise it is rendered and sent once, and the pure
 * settlement (`settleAttempt`, `attemptConsequences`) decides what the result means: breaker,
 * disabling on 410 or after failing for the disable period, final or retry. The attempt is
 * recorded in PostgreSQL (grouped with the other jobs in flight: one commit for many) and
 * published to DELIVERIES; the returned outcome says whether the job is done (ack) or comes
 * back after a delay (the broker, or for a direct job the DISPATCH stream, holds it).
 */
@Injectable()
export class JobSender implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly metrics: DeliveryMetrics;
  private readonly concurrency: ReceiverConcurrency;
  /** Receivers that asked to be left alone (429/503 with Retry-After) until the epoch ms given. */
  private readonly quietUntil = new Map<string, number>();
  /** Jobs being handled on this replica. */
  private readonly inProgress = new Set<string>();
  /**
   * Each receiver's effective policy, parsed once per configuration: a reload replaces the
   * receiver objects, so a changed receiver gets a fresh entry. Parsing it with zod for every job
   * (two or three times each) was a visible share of dispatch's allocations in a storm.
   */
  private readonly policies = new WeakMap<Receiver, DeliveryPolicy>();
  /** Jobs of batching receivers, waiting for their batch to fill or time out. */
  private readonly batches = new BatchCollector<BatchEntry, Outcome>((receiverId, items) => this.sendBatch(receiverId, items));
  private pruneTimer: NodeJS.Timeout | undefined;
  private readonly notifier: ReceiverDisabledNotifier;

  constructor(
    private readonly client: JetStreamClient,
    private readonly receivers: ReceiverRegistry,
    private readonly transport: DeliveryTransport,
    private readonly health: ReceiverHealth,
    private readonly log: DeliveryLog,
    private readonly outcomes: OutcomeRecorder,
    private readonly rateLimiter: RateLimiter,
    @Inject(SENDER_OPTIONS) private readonly options: SenderOptions,
    @Inject(LOGGER) private readonly logger: Logger,
    registry: Registry,
  ) {
    this.metrics = new DeliveryMetrics(registry);
    this.notifier = new ReceiverDisabledNotifier(client, receivers, options.opsReceiverId, logger);
    // A storm to a quick receiver waits here for its slots instead of bouncing through the
    // broker (each nak costs a round trip and a redelivery, and the storm measured as many
    // bounces as jobs). Any slot may wait, but only for a receiver whose sends are quick and
    // only for a few seconds: a slow or hanging receiver (a send in flight for a quarter of the
    // request timeout) gets no local queue, so other receivers' jobs are never held up for long.
    this.concurrency = new ReceiverConcurrency({
      totalWaiting: options.concurrency,
      perReceiverFactor: options.concurrency,
      quickSendMs: Math.min(2_000, options.requestTimeoutMs / 4),
    });
  }

  onModuleInit(): void {
    this.metrics.follow(this.health);
    for (const receiver of this.receivers.all()) this.metrics.knowReceiver(receiver.id);
    if (this.options.logRetentionDays > 0) {
      this.pruneTimer = setInterval(() => void this.prune(), PRUNE_EVERY_MS);
      this.pruneTimer.unref();
    }
  }

  /** Before the consumers drain: jobs waiting for a batch go now instead of waiting for its timer. */
  beforeApplicationShutdown(): void {
    this.batches.close();
  }

  onApplicationShutdown(): void {
    clearInterval(this.pruneTimer);
  }

  /**
   * Handles one job. `deliveryCount` is how often it has been handed out (1 the first time);
   * `firstAttempt` says the job is fresh from routing and never went anywhere else, so its
   * attempt is number 1 without asking the delivery log. `context` is the work the job is sent in
   * (its message, or routing's batch): its outcome message and log lines carry its ids.
   */
  async send(job: DeliveryJob, deliveryCount: number, firstAttempt = false, context?: WorkContext): Promise<Outcome> {
    // The broker may hand out one message twice (redelivery races after a crash); a second copy
    // waits for the first to settle instead of sending again. Its nak is ignored once the first acks.
    if (this.inProgress.has(job.id)) return this.defer('duplicate', DUPLICATE_DELAY_MS);
    this.inProgress.add(job.id);
    try {
      return await this.handleOnce(job, deliveryCount, firstAttempt, context);
    } finally {
      this.inProgress.delete(job.id);
    }
  }

  /**
   * How many fresh jobs for this receiver may be sent straight from routing (`DirectSender`)
   * right now: none unless a job would go out at once or after a short local wait (known,
   * enabled, not disabled, no Retry-After quiet, circuit closed, quick sends, no batch or rate
   * limit, which hold jobs); then as many as may wait for it here.
   */
  directCapacity(receiverId: string, now: number): number {
    const receiver = this.receivers.get(receiverId);
    if (!receiver) return 0;
    const policy = this.policyOf(receiver);
    return directCapacity({
      holdsJobs: policy.batch !== undefined || policy.rateLimit !== undefined,
      timeoutMs: receiver.timeoutSeconds === undefined ? undefined : receiver.timeoutSeconds * 1_000,
      requestTimeoutMs: this.options.requestTimeoutMs,
      admission: admitJob(this.admissionFacts(receiverId, receiver, policy, 1, now), () => 0).action,
      quick: this.concurrency.isQuick(receiverId, now),
      concurrency: this.options.concurrency,
    });
  }

  private policyOf(receiver: Receiver): DeliveryPolicy {
    let policy = this.policies.get(receiver);
    if (!policy) {
      policy = deliveryPolicyOf(receiver, this.options.defaults);
      this.policies.set(receiver, policy);
    }
    return policy;
  }

  private async handleOnce(job: DeliveryJob, deliveryCount: number, firstAttempt: boolean, context: WorkContext | undefined): Promise<Outcome> {
    const receiver = this.receivers.get(job.receiverId);
    if (receiver) this.metrics.knowReceiver(receiver.id);
    // The in-memory gates come first: a job held back costs no database round trip.
    const policy = receiver ? this.policyOf(receiver) : undefined;
    const cap = policy ? Math.min(policy.concurrency, this.options.concurrency) : 0;
    const decision = admitJob(this.admissionFacts(job.receiverId, receiver, policy, deliveryCount, Date.now()), Math.random);
    switch (decision.action) {
      case 'finish':
        return this.finishUnsent(job, decision.outcome, decision.errorClass, decision.errorDetail, context);
      case 'retry':
        return retryAfter(decision.delayMs, decision.reason);
      case 'defer':
        return this.defer(decision.reason, decision.delayMs);
      case 'busy':
        return this.deferBusy(job.receiverId, cap);
      case 'send':
        break;
    }
    if (!receiver || !policy) throw new Error(`admitted a job for unknown receiver ${job.receiverId}`);

    const attempt = firstAttempt ? 1 : await this.nextAttempt(job, context);
    if (attempt === undefined) return ack();
    // A batching receiver: the job waits (held, kept alive) for its batch, which is sent as one request.
    if (policy.batch) return this.batches.add(receiver.id, { job, attempt, context }, policy.batch);
    const gated = await this.throughGates(receiver.id, cap, policy, (attemptedAt) => this.transport.attempt(job, receiver, attemptedAt));
    if (!gated.sent) return gated.held;
    return this.settle(job, receiver.id, receiver.retry, policy, attempt, gated.attemptedAt, gated.sent, context);
  }

  private admissionFacts(
    receiverId: string,
    receiver: ReturnType<ReceiverRegistry['get']>,
    policy: DeliveryPolicy | undefined,
    deliveryCount: number,
    now: number,
  ): AdmissionFacts {
    const cap = policy ? Math.min(policy.concurrency, this.options.concurrency) : 0;
    return {
      receiverId,
      receiver,
      deliveryCount,
      disabled: receiver ? this.health.view(receiver.id).disabled : undefined,
      quietForMs: (this.quietUntil.get(receiverId) ?? 0) - now,
      circuit: policy ? this.health.check(receiverId, now, policy.circuitBreaker) : { allowed: true },
      slotFree: this.concurrency.mayAcquire(receiverId, cap, now),
    };
  }

  /**
   * The gates every send passes, for one job or a batch: a concurrency slot (it covers the
   * send only, and a rate-limited receiver's counter, so the cap bounds what the receiver sees,
   * not dispatch's own round trips), a rate-limit token, the circuit. `held` is the outcome for
   * a job held back by one of them (no attempt spent); otherwise `sent` is what the send got.
   */
  private async throughGates(
    receiverId: string,
    cap: number,
    policy: DeliveryPolicy,
    send: (attemptedAt: Date) => Promise<SentAttempt>,
  ): Promise<{ readonly sent: SentAttempt; readonly attemptedAt: Date } | { readonly sent?: undefined; readonly held: Outcome }> {
    const slot = await this.concurrency.acquire(receiverId, cap, Date.now());
    if (!slot) return { held: this.deferBusy(receiverId, cap) };
    let sent: SentAttempt | undefined;
    const attemptedAt = new Date();
    try {
      if (policy.rateLimit) {
        const limit = await this.rateLimiter.take(receiverId, policy.rateLimit, Date.now());
        if (!limit.allowed) return { held: this.defer('rate_limit', spreadDelayMs(limit.retryInMs, Math.random)) };
      }
      const admission = this.health.admit(receiverId, Date.now(), policy.circuitBreaker);
      if (!admission.allowed) {
        const held = circuitDeferral(admission, Math.random);
        return { held: this.defer(held.reason, held.delayMs) };
      }
      this.metrics.inFlight.inc();
      try {
        sent = await send(attemptedAt);
      } finally {
        this.metrics.inFlight.dec();
      }
    } finally {
      this.concurrency.release(slot, Date.now(), sent !== undefined);
    }
    return { sent, attemptedAt };
  }

  /**
   * One batch of a receiver's jobs as one request, through the same gates as a single send
   * (concurrency slot, rate limit, circuit). Every job then settles on its own: its attempt is
   * logged and published, and it is acked or retried with its own policy, so a failed batch
   * comes back job by job, none lost and none doubled (each job's attempt number is its own).
   * The receiver's health learns from the request once, not once per job.
   */
  private async sendBatch(receiverId: string, items: readonly BatchEntry[]): Promise<Outcome[]> {
    const receiver = this.receivers.get(receiverId);
    // Deleted while the batch filled: each job comes back and is finished as for an unknown receiver.
    if (!receiver) return items.map(() => retryAfter(DUPLICATE_DELAY_MS, 'receiver_gone'));
    const policy = this.policyOf(receiver);
    const cap = Math.min(policy.concurrency, this.options.concurrency);
    const gated = await this.throughGates(receiver.id, cap, policy, (attemptedAt) =>
      this.transport.attemptBatch(
        items.map((i) => i.job),
        receiver,
        attemptedAt,
      ),
    );
    // Held back: every job of the batch comes back after the same delay (and may form a new batch).
    if (!gated.sent) return items.map(() => gated.held);
    this.metrics.batchSize.observe({ channel: receiver.channel }, items.length);
    const { sent, attemptedAt } = gated;
    return Promise.all(items.map((item, i) => this.settle(item.job, receiver.id, receiver.retry, policy, item.attempt, attemptedAt, sent, item.context, i === 0)));
  }

  /**
   * What the attempt means: circuit, disable, log, DELIVERIES, then ack or retry later.
   * `receiverEffects` is false for the second and later jobs of a batch: one request tells the
   * circuit breaker, Retry-After and disabling about the receiver once.
   */
  private async settle(
    job: DeliveryJob,
    receiverId: string,
    retry: RetryPolicy,
    policy: DeliveryPolicy,
    attempt: number,
    attemptedAt: Date,
    sent: SentAttempt,
    context: WorkContext | undefined,
    receiverEffects = true,
  ): Promise<Outcome> {
    const now = Date.now();
    let settled = settleAttempt({ result: sent.result, attempt, policy: retry, now, random: Math.random });

    const breaker = breakerResult(sent.result, settled, now);
    const failingSince = breaker && receiverEffects ? await this.health.recordResult(receiverId, breaker, now, policy.circuitBreaker) : undefined;
    if (receiverEffects) this.noteRetryAfter(receiverId, sent, now);
    const consequences = attemptConsequences({ settled, breaker, failingSince, now, disableAfterSeconds: policy.disableAfterSeconds, jobId: job.id });
    settled = consequences.settled;
    const { disable } = consequences;
    let errorClass = sent.errorClass ?? (sent.statusCode === 410 ? 'gone' : settled.finalReason);
    let errorDetail = sent.errorDetail ?? (sent.statusCode !== undefined && settled.outcome !== 'delivered' ? `answered ${sent.statusCode}` : undefined);
    if (disable) {
      if (receiverEffects) await this.disableReceiver(receiverId, disable.reason, disable.detail, new Date(now));
      if (settled.finalReason === 'receiver_disabled') errorClass = 'receiver_disabled';
      errorDetail = `${errorDetail ? `${errorDetail}; ` : ''}receiver disabled: ${disable.detail}`;
    }

    const recorded = await this.recordAndPublish(job, context, {
      attempt,
      outcome: settled.outcome,
      statusClass: settled.statusClass,
      ...(sent.statusCode !== undefined ? { statusCode: sent.statusCode } : {}),
      ...(errorClass ? { errorClass } : {}),
      ...(errorDetail ? { errorDetail } : {}),
      ...(sent.request ? { request: sent.request } : {}),
      responseHeaders: sent.responseHeaders,
      responseExcerpt: sent.responseExcerpt,
      durationMs: sent.durationMs,
      attemptedAt,
      ...(settled.retryInMs !== undefined ? { nextAttemptAt: new Date(now + settled.retryInMs) } : {}),
    });
    // Another replica recorded this attempt first and settles the message; this copy only comes back to check.
    if (!recorded) return this.defer('duplicate', DUPLICATE_DELAY_MS);
    if (settled.outcome !== 'delivered') {
      this.logger.info(
        { receiverId, jobId: job.id, attempt, outcome: settled.outcome, status: sent.statusCode, errorClass, retryInMs: settled.retryInMs, ...logContext(context) },
        'delivery attempt failed',
      );
    }
    if (settled.retryInMs === undefined) return ack();
    this.metrics.retries.inc({ channel: job.channel });
    return retryAfter(settled.retryInMs, errorClass ?? settled.statusClass);
  }

  /**
   * Hands the job back for about its place in the receiver's queue (see `busyDelayMs`), at most
   * a few seconds: a job parked in the broker cannot be called back early, so when the receiver
   * speeds up, a long hold would leave its slots idle.
   */
  private deferBusy(receiverId: string, cap: number): Outcome {
    // The pace of completed sends, not the age of one in flight: one stalled send must not push the whole queue out.
    const typicalSendMs = this.concurrency.meanSendMs(receiverId);
    const delay = busyDelayMs({ typicalSendMs, ahead: this.concurrency.queued(receiverId), cap }, Math.random, 20, BUSY_MAX_DELAY_MS);
    this.concurrency.park(receiverId, delay);
    return this.defer('concurrency', delay);
  }

  /**
   * The number of the attempt about to be made, from the delivery log; undefined when the job's
   * outcome is already final (a redelivery after a crash between recording and acking). An
   * outcome recorded but maybe not published (a crash in between) is published first.
   */
  private async nextAttempt(job: DeliveryJob, context: WorkContext | undefined): Promise<number | undefined> {
    const previous = await this.log.job(job.id);
    if (previous && !previous.outcomePublished) await this.republish(job, previous, context);
    if (previous && FINAL_STATUSES.has(previous.status)) return undefined;
    return (previous?.attempts ?? 0) + 1;
  }

  /** A job that ends without a send (unknown, paused or disabled receiver): recorded like any attempt. */
  private async finishUnsent(job: DeliveryJob, outcome: DeliveryOutcomeKind, errorClass: string, errorDetail: string, context: WorkContext | undefined): Promise<Outcome> {
    const attempt = await this.nextAttempt(job, context);
    if (attempt === undefined) return ack();
    const recorded = await this.recordAndPublish(job, context, { attempt, outcome, statusClass: 'none', errorClass, errorDetail, durationMs: 0, attemptedAt: new Date() });
    return recorded ? ack() : this.defer('duplicate', DUPLICATE_DELAY_MS);
  }

  private defer(reason: DeferReason, delayMs: number): Outcome {
    this.metrics.deferred.inc({ reason });
    this.metrics.deferredFor.observe({ reason }, delayMs / 1_000);
    return retryAfter(Math.max(1, delayMs), reason);
  }

  /**
   * The outcome first, then the log row, written once with `outcome_published` set (marking it
   * afterwards cost PostgreSQL an update of every row); both grouped with the other attempts
   * in flight (OutcomeRecorder: one DELIVERIES message per outcome kind and receiver, one
   * statement). A crash in between leaves the attempt unrecorded: the job's redelivery makes
   * the attempt again under the same number, and its outcome's id is the same, so analytics'
   * inbox drops the second copy. If DELIVERIES cannot take the outcome now, the row says so and
   * the error sends the job back: its next delivery publishes the outcome (see `nextAttempt`).
   */
  private async recordAndPublish(job: DeliveryJob, context: WorkContext | undefined, record: AttemptRecord): Promise<boolean> {
    // Throws the publish failure once the row records the outcome as unpublished.
    const fresh = await this.outcomes.record(job, record, context);
    if (!fresh) {
      this.logger.warn({ jobId: job.id, attempt: record.attempt, ...logContext(context) }, 'attempt already recorded (a concurrent delivery of the job); not recorded again');
      return false;
    }
    return true;
  }

  private async republish(job: DeliveryJob, previous: JobRecord, context: WorkContext | undefined): Promise<void> {
    const outcome = await this.log.lastOutcome(job);
    if (!outcome) return;
    await this.outcomes.publish(outcome, context);
    await this.log.markPublished(job.id, previous.attempts);
  }

  private async disableReceiver(receiverId: string, reason: DisabledReason, detail: string, at: Date): Promise<void> {
    if (await this.health.disable(receiverId, reason, detail, at)) {
      this.logger.warn({ event: 'ReceiverDisabled', receiverId, reason, detail }, 'receiver disabled: no more deliveries until it is reset');
      await this.notifier.disabled(receiverId, reason, detail, at, this.health.view(receiverId).failingSince);
    }
  }

  /**
   * 429 or 503 with Retry-After is about the endpoint, not this one job: hold its other jobs back
   * as well (a 429 so answered does not count against the circuit: see `breakerResult`).
   */
  private noteRetryAfter(receiverId: string, sent: SentAttempt, now: number): void {
    if (sent.statusCode !== 429 && sent.statusCode !== 503) return;
    const ms = parseRetryAfter(sent.result.retryAfterHeader, now);
    if (ms === undefined || ms <= 0) return;
    this.quietUntil.set(receiverId, Math.max(this.quietUntil.get(receiverId) ?? 0, now + ms));
  }

  private async prune(): Promise<void> {
    const before = new Date(Date.now() - this.options.logRetentionDays * 86_400_000);
    try {
      let removed: number;
      do removed = await this.log.prune(before, 5_000);
      while (removed > 0);
      await this.transport.pruneThreads(before);
    } catch (error) {
      this.logger.warn({ err: error }, 'delivery log pruning failed');
    }
  }
}
