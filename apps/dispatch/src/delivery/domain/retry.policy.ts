import { z } from 'zod';

/** No retry waits longer than this, whatever the policy or a `Retry-After` header asks. */
export const RETRY_DELAY_CEILING_MS = 3600 * 1000;

export const RETRY_KINDS = ['exponential', 'linear', 'fixed', 'none'] as const;

/**
 * A receiver's retry policy. `maxAttempts` counts retries after the first send (0 = none),
 * so the default sends at most 9 times. `jitter` is the fraction of each computed delay that
 * is randomised downwards: delay × (1 − jitter × random), never above the computed delay.
 * jitter 1 is "full jitter" (uniform 0..delay), 0.5 is "equal jitter" (delay/2..delay), 0 is none.
 */
export const RetryPolicy = z
  .object({
    kind: z.enum(RETRY_KINDS).default('exponential'),
    initialDelayMs: z.number().int().min(0).max(RETRY_DELAY_CEILING_MS).default(1000),
    multiplier: z.number().min(1).max(10).default(2),
    maxDelayMs: z.number().int().min(0).max(RETRY_DELAY_CEILING_MS).default(300_000),
    maxAttempts: z.number().int().min(0).max(20).default(8),
    jitter: z.number().min(0).max(1).default(0.2),
  })
  .refine((p) => p.initialDelayMs <= p.maxDelayMs, { message: 'initialDelayMs must not exceed maxDelayMs', path: ['initialDelayMs'] });
export type RetryPolicy = z.output<typeof RetryPolicy>;

export const DEFAULT_RETRY_POLICY: RetryPolicy = RetryPolicy.parse({});

/**
 * The delay before retrying after failed attempt `attempt` (1-based), before jitter, capped at
 * `maxDelayMs`. exponential: initial × multiplier^(attempt−1); linear: initial × attempt;
 * fixed: initial; none: 0 (never used: `nextAttempt` does not retry).
 */
export function baseDelayMs(policy: RetryPolicy, attempt: number): number {
  const n = Math.max(1, Math.floor(attempt));
  let delay: number;
  switch (policy.kind) {
    case 'exponential':
      delay = policy.initialDelayMs * policy.multiplier ** (n - 1);
      break;
    case 'linear':
      delay = policy.initialDelayMs * n;
      break;
    case 'fixed':
      delay = policy.initialDelayMs;
      break;
    case 'none':
      return 0;
  }
  return Math.min(delay, policy.maxDelayMs);
}

/** `random` returns values in [0, 1), like Math.random. */
export function jittered(delayMs: number, jitter: number, random: () => number): number {
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(delayMs * (1 - jitter * r));
}

export type NextAttempt =
  | { retry: true; delayMs: number }
  | { retry: false; reason: 'exhausted' | 'not_recoverable' | 'policy_none' };

export interface NextAttemptInput {
  readonly policy: RetryPolicy;
  /** The attempt that just failed, from 1. */
  readonly attempt: number;
  /** From `classifyAttempt`. */
  readonly recoverable: boolean;
  /** From `parseRetryAfter`, when the response carried the header. */
  readonly retryAfterMs?: number;
  readonly random: () => number;
}

/**
 * Whether and when to retry. A `Retry-After` is the server's minimum: the delay is
 * max(Retry-After, jittered policy delay), so it may exceed `maxDelayMs` (the server knows
 * better than our cap) but never {@link RETRY_DELAY_CEILING_MS}; a longer ask is clamped to the
 * ceiling and the retry still happens (it uses one of the attempts).
 */
export function nextAttempt(input: NextAttemptInput): NextAttempt {
  const { policy, attempt, recoverable, retryAfterMs, random } = input;
  if (!recoverable) return { retry: false, reason: 'not_recoverable' };
  if (policy.kind === 'none' || policy.maxAttempts === 0) return { retry: false, reason: 'policy_none' };
  if (attempt > policy.maxAttempts) return { retry: false, reason: 'exhausted' };
  const computed = jittered(baseDelayMs(policy, attempt), policy.jitter, random);
  const delayMs = Math.min(Math.max(retryAfterMs ?? 0, computed), RETRY_DELAY_CEILING_MS);
  return { retry: true, delayMs };
}
