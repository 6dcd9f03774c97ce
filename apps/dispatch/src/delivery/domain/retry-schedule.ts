import { baseDelayMs, jittered, RETRY_DELAY_CEILING_MS, type RetryPolicy } from './retry.policy.js';

/** One retry of a schedule: how long after the previous failure it is sent, without and with jitter's extremes. */
export interface ScheduledRetry {
  /** 1 is the first retry (the second send). */
  readonly retry: number;
  readonly delayMs: number;
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  /** Since the first send, assuming failures are instant and jitter is at its middle (no jitter for `down` at r = 0). */
  readonly atMs: number;
}

export interface RetrySchedule {
  readonly retries: readonly ScheduledRetry[];
  /** Sum of the delays without jitter: the time from the first send to the last retry. */
  readonly totalMs: number;
  readonly minTotalMs: number;
  readonly maxTotalMs: number;
  /** Whether the longest schedule ends before the broker drops the message (its retention); null when retention is unlimited. */
  readonly withinRetention: boolean | null;
}

/**
 * The schedule a policy produces when every attempt fails recoverably and no `Retry-After`
 * is sent: what a person choosing a policy wants to see (seed 001's `create_retry_schedule`).
 * `retentionMs` is the stream's max age (0 = unlimited): a retry later than that is never made.
 */
export function retrySchedule(policy: RetryPolicy, retentionMs: number): RetrySchedule {
  const retries: ScheduledRetry[] = [];
  let total = 0;
  let minTotal = 0;
  let maxTotal = 0;
  const count = policy.kind === 'none' ? 0 : policy.maxAttempts;
  for (let retry = 1; retry <= count; retry++) {
    const base = baseDelayMs(policy, retry);
    const atEnds = [jittered(base, policy.jitter, () => 0, policy.jitterMode), jittered(base, policy.jitter, () => 1, policy.jitterMode)];
    const delayMs = Math.min(base, RETRY_DELAY_CEILING_MS);
    total += delayMs;
    minTotal += Math.min(...atEnds);
    maxTotal += Math.max(...atEnds);
    retries.push({ retry, delayMs, minDelayMs: Math.min(...atEnds), maxDelayMs: Math.max(...atEnds), atMs: total });
  }
  return { retries, totalMs: total, minTotalMs: minTotal, maxTotalMs: maxTotal, withinRetention: retentionMs > 0 ? maxTotal < retentionMs : null };
}
