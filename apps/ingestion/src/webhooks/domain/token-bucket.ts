/** One integration's bucket: tokens left (fractional) and when it was last refilled. */
export interface Bucket {
  readonly tokens: number;
  readonly atMs: number;
}

export type Take = { allowed: true; bucket: Bucket } | { allowed: false; bucket: Bucket; retryAfterSeconds: number };

/**
 * Token bucket of `perMinute` tokens refilled continuously at `perMinute` a minute,
 * as PagerDuty limits events: a full minute's worth may arrive at once, then the
 * steady rate. A refused request costs nothing and learns when a token is due.
 */
export function takeToken(bucket: Bucket | undefined, perMinute: number, nowMs: number): Take {
  const capacity = Math.max(1, perMinute);
  const perMs = capacity / 60_000;
  const elapsed = bucket ? Math.max(0, nowMs - bucket.atMs) : 0;
  const tokens = bucket ? Math.min(capacity, bucket.tokens + elapsed * perMs) : capacity;
  if (tokens >= 1) return { allowed: true, bucket: { tokens: tokens - 1, atMs: nowMs } };
  const retryAfterSeconds = Math.max(1, Math.ceil((1 - tokens) / perMs / 1_000));
  return { allowed: false, bucket: { tokens, atMs: nowMs }, retryAfterSeconds };
}
