import { randomUUID } from 'node:crypto';
import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { DeliveryJob } from '@herald/contracts';
import { Publisher } from '@herald/messaging';
import { counter, LOGGER, logContext, Registry, type Logger, type WorkContext } from '@herald/observability';
import { JobSender } from '../../delivery/job-sender.js';
import { afterDirect, chooseDirect, type AttemptOutcome, type DirectCandidate } from '../domain/index.js';
import { NotificationLog } from '../notification-log.js';
import { DirectSendStore } from './direct-send-store.js';

export const DIRECT_SEND_OPTIONS = Symbol('DIRECT_SEND_OPTIONS');

export interface DirectSendOptions {
  readonly enabled: boolean;
  /** Direct sends under way at once on this replica. */
  readonly limit: number;
  /** Longest a shutdown waits for direct sends under way. */
  readonly drainMs: number;
}

export const DIRECT_RESULTS = ['sent', 'handed_over', 'swept'] as const;

/**
 * Makes the first attempt of fresh jobs straight from routing, on the sender the DISPATCH
 * consumer uses, so a healthy receiver's notification costs no stream write, pull, decode or
 * ack. Routing logs a direct job (with this replica's instance id) before it is started: the
 * log row is the job's only durable trace until its outcome is recorded. A job the sender
 * wants back later, or whose handling failed, is handed to DISPATCH and marked published; one
 * left behind by a replica that died is handed over by the sweep (`DirectSweeper`).
 */
@Injectable()
export class DirectSender implements BeforeApplicationShutdown {
  /** This replica, as it names itself in the notification log and `dispatch_instances`. */
  readonly instance = randomUUID();
  private readonly underway = new Set<Promise<void>>();
  private readonly perReceiver = new Map<string, number>();
  /** Routing waiting for room (see `roomFor`), woken as sends finish. */
  private waiters: Array<() => void> = [];
  private closed = false;
  private readonly results;

  constructor(
    private readonly sender: JobSender,
    private readonly publisher: Publisher,
    private readonly log: NotificationLog,
    private readonly store: DirectSendStore,
    @Inject(DIRECT_SEND_OPTIONS) private readonly options: DirectSendOptions,
    @Inject(LOGGER) private readonly logger: Logger,
    registry: Registry,
  ) {
    this.results = counter(registry, {
      name: 'herald_dispatch_direct_sends_total',
      help: 'First attempts made straight from routing, by result (sent: settled; handed_over: to DISPATCH for a retry or after a failed handling; swept: left by a replica that stopped)',
      labelNames: ['result'],
    });
    for (const result of DIRECT_RESULTS) this.results.inc({ result }, 0);
  }

  /** Which of these jobs this replica sends itself (see `chooseDirect`). */
  choose(candidates: readonly DirectCandidate[]): Set<string> {
    if (!this.options.enabled || this.closed || candidates.length === 0) return new Set();
    const now = Date.now();
    return chooseDirect(candidates, {
      capacityOf: (receiverId) => this.sender.directCapacity(receiverId, now),
      inFlightOf: (receiverId) => this.perReceiver.get(receiverId) ?? 0,
      free: this.options.limit - this.underway.size,
    });
  }

  /**
   * Waits (at most `maxWaitMs`) until the direct sends under way leave room for these
   * candidates, so that in a storm routing keeps pace with the sends instead of pushing the
   * overflow through DISPATCH (a stream write, a pull, a decode and an ack per job). Returns at
   * once when none of them could go direct anyway.
   */
  async roomFor(candidates: readonly DirectCandidate[], maxWaitMs: number): Promise<void> {
    if (!this.options.enabled || this.closed) return;
    const now = Date.now();
    let wanted = 0;
    for (const c of candidates) if (!c.muted && !c.redelivered && this.sender.directCapacity(c.receiverId, now) > 0) wanted += 1;
    const need = Math.min(wanted, this.options.limit);
    if (need === 0 || this.underway.size + need <= this.options.limit) return;
    const deadline = now + maxWaitMs;
    while (this.underway.size + need > this.options.limit && Date.now() < deadline && !this.closed) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Starts the jobs' attempts (after routing logged them) in the work `context`; they settle on their own. */
  start(jobs: readonly DeliveryJob[], context?: WorkContext): void {
    for (const job of jobs) {
      this.perReceiver.set(job.receiverId, (this.perReceiver.get(job.receiverId) ?? 0) + 1);
      const run = this.attempt(job, context).finally(() => {
        this.underway.delete(run);
        const n = (this.perReceiver.get(job.receiverId) ?? 1) - 1;
        if (n <= 0) this.perReceiver.delete(job.receiverId);
        else this.perReceiver.set(job.receiverId, n);
        const waiters = this.waiters;
        this.waiters = [];
        for (const wake of waiters) wake();
      });
      this.underway.add(run);
    }
  }

  /** Hands jobs to DISPATCH (`notBefore` in epoch ms), pipelined. */
  async handOver(jobs: readonly DeliveryJob[], notBefore?: number, context?: WorkContext): Promise<void> {
    const at = notBefore === undefined ? undefined : new Date(notBefore).toISOString();
    const options = context ? { context } : {};
    await this.publisher.publishAll(jobs.map((job) => ({ kind: 'deliveryJob' as const, payload: at ? { ...job, notBefore: at } : job, options })));
  }

  noteSwept(count: number): void {
    this.results.inc({ result: 'swept' }, count);
  }

  /** Lets the attempts under way settle (bounded), then tells the other replicas this one is gone. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closed = true;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.drainMs)));
    await Promise.race([Promise.allSettled([...this.underway]), deadline]);
    clearTimeout(timer);
    try {
      await this.store.retire(this.instance);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not retire this dispatch instance; its direct sends are swept after its TTL');
    }
  }

  private async attempt(job: DeliveryJob, context: WorkContext | undefined): Promise<void> {
    let outcome: AttemptOutcome;
    try {
      outcome = await this.sender.send(job, 1, true, context);
    } catch (error) {
      this.logger.warn({ err: error, jobId: job.id, ...logContext(context) }, 'direct send failed; handing the job to DISPATCH');
      outcome = { type: 'error' };
    }
    const next = afterDirect(outcome, Date.now());
    if (next.action === 'done') {
      this.results.inc({ result: 'sent' });
      return;
    }
    try {
      await this.handOver([job], next.notBefore, context);
      await this.log.markPublished([job.id]);
      this.results.inc({ result: 'handed_over' });
    } catch (error) {
      // The row stays unpublished: the sweep hands it over once this replica stops or the horizon passes.
      this.logger.error({ err: error, jobId: job.id, ...logContext(context) }, 'could not hand a direct job to DISPATCH; the sweep will');
    }
  }
}
