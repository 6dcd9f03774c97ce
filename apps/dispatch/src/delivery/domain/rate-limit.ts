import { z } from 'zod';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** Per-receiver send limits; either may be unset. */
export const RateLimits = z.object({
  perMinute: z.number().int().positive().max(100_000).optional(),
  perHour: z.number().int().positive().max(1_000_000).optional(),
});
export type RateLimits = z.infer<typeof RateLimits>;

interface WindowCount {
  /** Epoch ms where the window began (aligned to the minute or hour). */
  readonly start: number;
  readonly count: number;
}

export interface RateLimitState {
  readonly minute: WindowCount;
  readonly hour: WindowCount;
}

export type RateLimitDecision = { allowed: true; state: RateLimitState } | { allowed: false; retryInMs: number };

function current(window: WindowCount | undefined, now: number, size: number): WindowCount {
  const start = Math.floor(now / size) * size;
  return window && window.start === start ? window : { start, count: 0 };
}

/**
 * Fixed windows aligned to the clock minute and hour: O(1) state per receiver, easy to keep
 * in one row. The price is a burst of up to twice a limit across a window boundary, which
 * receivers' own limits (usually per second or per minute) tolerate better than a sliding log
 * of up to `perHour` timestamps. A refused send is not dropped: the caller holds it for
 * `retryInMs` (the end of the fullest window) and asks again.
 */
export function rateLimitDecision(state: RateLimitState | undefined, now: number, limits: RateLimits): RateLimitDecision {
  const minute = current(state?.minute, now, MINUTE_MS);
  const hour = current(state?.hour, now, HOUR_MS);
  let retryInMs = 0;
  if (limits.perMinute !== undefined && minute.count >= limits.perMinute) retryInMs = minute.start + MINUTE_MS - now;
  if (limits.perHour !== undefined && hour.count >= limits.perHour) retryInMs = Math.max(retryInMs, hour.start + HOUR_MS - now);
  if (retryInMs > 0) return { allowed: false, retryInMs };
  return {
    allowed: true,
    state: { minute: { start: minute.start, count: minute.count + 1 }, hour: { start: hour.start, count: hour.count + 1 } },
  };
}
