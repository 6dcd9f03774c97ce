import { classifyAttempt } from './attempt-outcome.js';
import { shouldDisableReceiver, type AttemptResult as BreakerResult } from './circuit-breaker.js';
import { parseRetryAfter } from './retry-after.js';
import { type AttemptResult, type AttemptSettlement } from './settle-attempt.js';

export type DisableReason = 'gone' | 'failing';

/**
 * What an attempt tells the circuit breaker about the endpoint. Attempts that never
 * reached it (a render error, a refused address) tell it nothing; a 429 with a usable
 * Retry-After is a request for a pause (`throttled`), not a failure.
 */
export function breakerResult(result: AttemptResult, settled: AttemptSettlement, now: number): BreakerResult | undefined {
  if (settled.outcome === 'delivered') return 'success';
  const { statusCode, error } = result;
  if (statusCode === 429 && (parseRetryAfter(result.retryAfterHeader, now) ?? 0) > 0) return 'throttled';
  if (statusCode === undefined && error !== 'timeout' && error !== 'network' && error !== 'tls') return undefined;
  return classifyAttempt(result).recoverable ? 'recoverable_failure' : 'other_failure';
}

export interface AttemptConsequences {
  /** The settlement to record: a retry becomes a final failure when the receiver is disabled. */
  readonly settled: AttemptSettlement;
  /** Set when this attempt disables the receiver. */
  readonly disable?: { readonly reason: DisableReason; readonly detail: string };
}

/**
 * Whether an attempt disables its receiver (410 Gone at once; recoverable failures without
 * a break for longer than `disableAfterSeconds`), and what the job's settlement becomes then:
 * no retry is scheduled for a receiver that will not be sent to.
 */
export function attemptConsequences(input: {
  readonly settled: AttemptSettlement;
  readonly breaker: BreakerResult | undefined;
  readonly failingSince: number | undefined;
  readonly now: number;
  readonly disableAfterSeconds: number;
  readonly jobId: string;
}): AttemptConsequences {
  const { settled, breaker, failingSince, now, disableAfterSeconds, jobId } = input;
  const disable: AttemptConsequences['disable'] = settled.disableReceiver
    ? { reason: 'gone', detail: `answered 410 Gone (job ${jobId})` }
    : breaker === 'recoverable_failure' && failingSince !== undefined && shouldDisableReceiver({ failingSince, now, disableAfterSeconds })
      ? { reason: 'failing', detail: `failing without a break since ${new Date(failingSince).toISOString()}` }
      : undefined;
  if (!disable) return { settled };
  if (settled.outcome !== 'retrying') return { settled, disable };
  return {
    settled: { outcome: 'failed', statusClass: settled.statusClass, finalReason: 'receiver_disabled', disableReceiver: true },
    disable,
  };
}
