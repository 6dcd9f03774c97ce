import { mergeBuckets, quantile, RELATIVE_ERROR, type BucketCounts } from './latency-sketch.js';

/** Rollup counts summed over some rows (hours, channels or receivers). */
export interface RollupTotals {
  events: number;
  attempts: number;
  delivered: number;
  failed: number;
  dead: number;
  muted: number;
  retrying: number;
  status4xx: number;
  status5xx: number;
  statusTimeout: number;
  statusNetwork: number;
  retries: number;
  latencyCount: number;
  latencySumMs: number;
  latencyMinMs: number | null;
  latencyMaxMs: number | null;
  buckets: Map<number, number>;
}

export function emptyTotals(): RollupTotals {
  return {
    events: 0,
    attempts: 0,
    delivered: 0,
    failed: 0,
    dead: 0,
    muted: 0,
    retrying: 0,
    status4xx: 0,
    status5xx: 0,
    statusTimeout: 0,
    statusNetwork: 0,
    retries: 0,
    latencyCount: 0,
    latencySumMs: 0,
    latencyMinMs: null,
    latencyMaxMs: null,
    buckets: new Map(),
  };
}

const SUMMED = [
  'events',
  'attempts',
  'delivered',
  'failed',
  'dead',
  'muted',
  'retrying',
  'status4xx',
  'status5xx',
  'statusTimeout',
  'statusNetwork',
  'retries',
  'latencyCount',
  'latencySumMs',
] as const;

export function addTotals(into: RollupTotals, from: Omit<RollupTotals, 'buckets'> & { readonly buckets?: BucketCounts }): RollupTotals {
  for (const field of SUMMED) into[field] += from[field];
  into.latencyMinMs = pick(into.latencyMinMs, from.latencyMinMs, Math.min);
  into.latencyMaxMs = pick(into.latencyMaxMs, from.latencyMaxMs, Math.max);
  if (from.buckets) mergeBuckets(into.buckets, from.buckets);
  return into;
}

function pick(a: number | null, b: number | null, f: (x: number, y: number) => number): number | null {
  return a === null ? b : b === null ? a : f(a, b);
}

/** What the analytics API answers for a receiver, a channel or everything. */
export interface DeliveryFigures {
  /** Notifications seen (first attempts, muted included). */
  readonly total_events: number;
  readonly total_attempts: number;
  readonly successful_deliveries: number;
  /** Deliveries that ended without success: failed at once plus dead after retries. */
  readonly failed_deliveries: number;
  readonly dead_deliveries: number;
  readonly muted_notifications: number;
  /** Attempts that scheduled a retry. */
  readonly retrying_attempts: number;
  /** successful / (successful + failed); null when no delivery has ended. */
  readonly success_rate: number | null;
  readonly response_time_ms: {
    readonly samples: number;
    readonly avg: number | null;
    readonly min: number | null;
    readonly max: number | null;
    /** Nearest-rank 95th percentile, within `p95_relative_error`. */
    readonly p95: number | null;
    readonly p95_relative_error: number;
  };
  readonly errors: { readonly '4xx': number; readonly '5xx': number; readonly timeout: number; readonly network: number };
  /** Attempts after the first. */
  readonly retry_count: number;
}

export function figuresOf(t: RollupTotals): DeliveryFigures {
  const ended = t.delivered + t.failed + t.dead;
  const { latencyMinMs: min, latencyMaxMs: max } = t;
  const bounds = t.latencyCount > 0 && min !== null && max !== null ? { min, max } : undefined;
  return {
    total_events: t.events,
    total_attempts: t.attempts,
    successful_deliveries: t.delivered,
    failed_deliveries: t.failed + t.dead,
    dead_deliveries: t.dead,
    muted_notifications: t.muted,
    retrying_attempts: t.retrying,
    success_rate: ended === 0 ? null : round(t.delivered / ended, 6),
    response_time_ms: {
      samples: t.latencyCount,
      avg: bounds ? round(t.latencySumMs / t.latencyCount, 3) : null,
      min: bounds?.min ?? null,
      max: bounds?.max ?? null,
      p95: bounds ? (quantile(t.buckets, 0.95, bounds) ?? null) : null,
      p95_relative_error: RELATIVE_ERROR,
    },
    errors: { '4xx': t.status4xx, '5xx': t.status5xx, timeout: t.statusTimeout, network: t.statusNetwork },
    retry_count: t.retries,
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Rollup counts of one receiver and channel, summed over a period. */
export interface RollupRow {
  readonly receiverId: string;
  readonly channel: string;
  readonly totals: Omit<RollupTotals, 'buckets'>;
}

/** Latency bucket count of one receiver and channel, summed over a period. */
export interface BucketRow {
  readonly receiverId: string;
  readonly channel: string;
  readonly bucket: number;
  readonly count: number;
}

/** Sums rows and their buckets per group (`() => ''` gives one grand total), in key order. */
export function totalsBy(
  rows: readonly RollupRow[],
  buckets: readonly BucketRow[],
  key: (row: { readonly receiverId: string; readonly channel: string }) => string,
): Map<string, RollupTotals> {
  const groups = new Map<string, RollupTotals>();
  const group = (k: string): RollupTotals => {
    let t = groups.get(k);
    if (!t) groups.set(k, (t = emptyTotals()));
    return t;
  };
  for (const row of rows) addTotals(group(key(row)), row.totals);
  for (const b of buckets) {
    const t = group(key(b));
    t.buckets.set(b.bucket, (t.buckets.get(b.bucket) ?? 0) + b.count);
  }
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
