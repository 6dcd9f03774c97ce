import { Inject, Injectable } from '@nestjs/common';
import { outcomeBatches, type DeliveryJob, type DeliveryOutcome } from '@herald/contracts';
import { JetStreamClient } from '@herald/messaging';
import type { WorkContext } from '@herald/observability';
import { GroupCommit } from '@herald/persistence';
import { DeliveryLog, outcomeOf, type AttemptRecord } from './log/delivery-log.js';

/** One attempt to publish and record. */
interface Attempt {
  readonly job: DeliveryJob;
  readonly attempt: AttemptRecord;
  /** The work the attempt was made in: a message of outcomes carries its first attempt's. */
  readonly context: WorkContext | undefined;
}

/** What became of one attempt of a flush: recorded (fresh or not, its outcome published or not), or not recorded. */
type Recorded = { readonly fresh: boolean; readonly unpublished: Error | undefined } | { readonly failed: unknown };

/**
 * Publishes attempts' outcomes to DELIVERIES and records the attempts in the delivery log,
 * the attempts in flight at once together (GroupCommit): one flush publishes its outcomes as
 * one message per outcome kind and receiver (`outcomeBatches`, pipelined), then writes all its
 * rows in one statement, each with `outcome_published` as its message fared. A storm's
 * thousands of outcomes so cost DELIVERIES, and analytics reading it, tens of messages, not
 * thousands (per-message work dominated analytics' CPU).
 *
 * The order per attempt is as before: outcome published BEFORE the row is written (the row is
 * written once, never updated). A crash in between leaves the attempt unrecorded: the job's
 * redelivery makes it again under the same number, and its outcome has the same id, which
 * analytics' inbox drops (a message of several outcomes gets another message id, so JetStream
 * may not). An outcome whose message DELIVERIES refused is recorded as unpublished, and its
 * caller gets the publish error (the job comes back; its next delivery publishes the outcome).
 */
@Injectable()
export class OutcomeRecorder {
  // Two flushes at once: one's rows are written while the next one's outcomes are published.
  private readonly flushes = new GroupCommit<Attempt, Recorded>((attempts) => this.publishAndRecord(attempts), { maxConcurrent: 2 });

  constructor(
    @Inject(JetStreamClient) private readonly client: Pick<JetStreamClient, 'publishEvent'>,
    @Inject(DeliveryLog) private readonly log: Pick<DeliveryLog, 'record'>,
  ) {}

  /**
   * Publishes the attempt's outcome and records the attempt. True when recorded now, false
   * when it was recorded before (a concurrent delivery of the job). Throws when the row could
   * not be written, or when it was written but the outcome could not be published (after the
   * row says so, so the job's next delivery publishes it).
   */
  async record(job: DeliveryJob, attempt: AttemptRecord, context?: WorkContext): Promise<boolean> {
    const result = await this.flushes.submit({ job, attempt, context });
    if ('failed' in result) throw result.failed;
    if (result.unpublished) throw result.unpublished;
    return result.fresh;
  }

  /** An outcome already recorded, published again (after a crash): a message of its own, under the outcome's id. */
  async publish(outcome: DeliveryOutcome, context?: WorkContext): Promise<void> {
    await this.client.publishEvent('deliveryOutcomes', { outcomes: [outcome] }, context ? { context } : {});
  }

  private async publishAndRecord(attempts: readonly Attempt[]): Promise<Recorded[]> {
    const outcomes = attempts.map((a) => outcomeOf(a.job, a.attempt));
    const contexts = new Map(outcomes.map((o, i) => [o, attempts[i]!.context]));
    const unpublished = await this.publishAll(outcomes, contexts);
    // Each row on its own promise, grouped into one statement by the log; one row the database refuses fails only its attempt.
    const written = await Promise.allSettled(attempts.map((a, i) => this.log.record(a.job, a.attempt, !unpublished.has(outcomes[i]!))));
    return written.map((w, i) => (w.status === 'rejected' ? { failed: w.reason as unknown } : { fresh: w.value, unpublished: unpublished.get(outcomes[i]!) }));
  }

  /** Publishes the outcomes in as few messages as their subjects allow; returns the outcomes whose message failed, with the error. */
  private async publishAll(outcomes: readonly DeliveryOutcome[], contexts: ReadonlyMap<DeliveryOutcome, WorkContext | undefined>): Promise<Map<DeliveryOutcome, Error>> {
    const batches = outcomeBatches(outcomes);
    const results = await Promise.allSettled(
      batches.map((batch) => {
        const context = contexts.get(batch[0]!);
        return this.client.publishEvent('deliveryOutcomes', { outcomes: batch }, context ? { context } : {});
      }),
    );
    const failed = new Map<DeliveryOutcome, Error>();
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') return;
      const error = result.reason instanceof Error ? result.reason : new Error(`publishing delivery outcomes failed: ${String(result.reason)}`);
      for (const outcome of batches[i]!) failed.set(outcome, error);
    });
    return failed;
  }
}
