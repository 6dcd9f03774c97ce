/**
 * Logarithmic latency buckets (the DDSketch mapping): bucket k > 0 holds durations in
 * (MIN·γ^(k-2), MIN·γ^(k-1)] ms and reports 2·MIN·γ^(k-1)/(γ+1), which is within
 * RELATIVE_ERROR of every value in the bucket. Bucket 0 holds everything below MIN_MS.
 * Buckets are mergeable by adding counts, so hourly rollups add up to any period
 * and quantiles stay within the same bound.
 */
export const RELATIVE_ERROR = 0.01;
const GAMMA = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR);
const LN_GAMMA = Math.log(GAMMA);
/** Below this a duration is reported as 0 (absolute error < 0.01 ms). */
export const MIN_MS = 0.01;
/** Durations above this (≈ 2.8 h) share the top bucket; reported values are clamped to the observed max. */
export const MAX_MS = 10_000_000;
export const TOP_BUCKET = 1 + Math.ceil(Math.log(MAX_MS / MIN_MS) / LN_GAMMA);

/** Upper bound (inclusive) of bucket k ≥ 1, in ms. */
function upper(k: number): number {
  return MIN_MS * GAMMA ** (k - 1);
}

export function bucketOf(durationMs: number): number {
  if (!(durationMs >= MIN_MS)) return 0;
  let k = 1 + Math.ceil(Math.log(durationMs / MIN_MS) / LN_GAMMA);
  // Floating point may land one bucket off at a boundary; settle it exactly.
  if (k > 1 && durationMs <= upper(k - 1)) k -= 1;
  else if (durationMs > upper(k)) k += 1;
  return Math.min(k, TOP_BUCKET);
}

/** The value a bucket reports, in ms. */
export function bucketValue(bucket: number): number {
  if (bucket <= 0) return 0;
  return (2 * upper(bucket)) / (GAMMA + 1);
}

export type BucketCounts = ReadonlyMap<number, number>;

export function mergeBuckets(into: Map<number, number>, from: BucketCounts): Map<number, number> {
  for (const [bucket, count] of from) into.set(bucket, (into.get(bucket) ?? 0) + count);
  return into;
}

/**
 * The nearest-rank q-quantile (the value at rank ⌈q·n⌉ of the sorted durations),
 * within RELATIVE_ERROR, clamped to the exact observed [min, max]. Undefined when empty.
 */
export function quantile(buckets: BucketCounts, q: number, bounds: { readonly min: number; readonly max: number }): number | undefined {
  const entries = [...buckets].filter(([, count]) => count > 0).sort(([a], [b]) => a - b);
  const n = entries.reduce((sum, [, count]) => sum + count, 0);
  if (n === 0) return undefined;
  const rank = Math.max(1, Math.ceil(q * n));
  let seen = 0;
  for (const [bucket, count] of entries) {
    seen += count;
    if (seen >= rank) return Math.min(bounds.max, Math.max(bounds.min, bucketValue(bucket)));
  }
  return bounds.max;
}
