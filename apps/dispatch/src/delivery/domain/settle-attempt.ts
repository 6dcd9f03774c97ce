import type { DeliveryOutcomeKind, StatusClass } from '@herald/contracts';
import { classifyAttempt, type AttemptError } from './attempt-outcome.js';
import { parseRetryAfter } from './retry-after.js';
import { nextAttempt, type RetryPolicy } from './retry.policy.js';

export interface AttemptResult {
  readonly statusCode?: number;
  readonly error?: AttemptError;
  readonly retryAfterHeader?: string;
}

export interface AttemptSettlement {
  readonly outcome: DeliveryOutcomeKind;
  readonly statusClass: StatusClass;
  /** When set, redeliver the job after this delay (held by the broker). */
  readonly retryInMs?: number;
  /** Why a failure is final: 'not_recoverable' | 'exhausted' | 'policy_none'. */
  readonly finalReason?: string;
  readonly disableReceiver: boolean;
}

/**
 * What one attempt means for its job: delivered, retry later (the receiver's
 * policy, honouring Retry-After), failed at once (non-retryable), or dead
 * (retries exhausted, kept for replay).
 */
export function settleAttempt(input: {
  readonly result: AttemptResult;
  readonly attempt: number;
  readonly policy: RetryPolicy;
  readonly now: number;
  readonly random: () => number;
}): AttemptSettlement {
  const c = classifyAttempt({
    ...(input.result.statusCode !== undefined ? { statusCode: input.result.statusCode } : {}),
    ...(input.result.error !== undefined ? { error: input.result.error } : {}),
  });
  if (c.success) return { outcome: 'delivered', statusClass: c.statusClass, disableReceiver: false };
  const retryAfterMs = parseRetryAfter(input.result.retryAfterHeader, input.now);
  const next = nextAttempt({
    policy: input.policy,
    attempt: input.attempt,
    recoverable: c.recoverable,
    random: input.random,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
  if (next.retry) return { outcome: 'retrying', statusClass: c.statusClass, retryInMs: next.delayMs, disableReceiver: c.disableReceiver };
  return {
    outcome: next.reason === 'exhausted' ? 'dead' : 'failed',
    statusClass: c.statusClass,
    finalReason: next.reason,
    disableReceiver: c.disableReceiver,
  };
}
