import { z } from 'zod';

/**
 * No retry waits longer than this, whatever the policy or a `Retry-After` header asks (seed
 * 001 caps at 2 h; a day allows a receiver to be down overnight). The whole schedule must still
 * fit in the stream's retention (NATS_STREAM_MAX_AGE_SECONDS): the preview says whether it does.
 */
export const RETRY_DELAY_CEILING_MS = 24 * 3600 * 1000;

/**
 * How `jitter` applies: `down` randomises each delay downwards only (delay × (1 − jitter × r),
 * never above the computed delay: Herald's default); `both` is ± the fraction, as seed 001's
 * `jitter_percentage` means it (delay × (1 + jitter × (2r − 1))), still never above the ceiling.
 */
export const JITTER_MODES = ['down', 'both'] as const;

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
    jitterMode: z.enum(JITTER_MODES).default('down'),
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
export function jittered(delayMs: number, jitter: number, random: () => number, mode: (typeof JITTER_MODES)[number] = 'down'): number {
  const r = Math.min(Math.max(random(), 0), 1);
  const factor = mode === 'both' ? 1 + jitter * (2 * r - 1) : 1 - jitter * r;
  return Math.min(Math.round(delayMs * factor), RETRY_DELAY_CEILING_MS);
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
  const computed = jittered(baseDelayMs(policy, attempt), policy.jitter, random, policy.jitterMode);
  const delayMs = Math.min(Math.max(retryAfterMs ?? 0, computed), RETRY_DELAY_CEILING_MS);
  return { retry: true, delayMs };
}
