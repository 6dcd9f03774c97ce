import type { DeliveryOutcome } from '@herald/contracts';
import { bucketOf } from './latency-sketch.js';

/** Counts and latency of one receiver's deliveries on one channel in one UTC hour. */
export interface RollupDelta {
  readonly hour: string;
  readonly receiverId: string;
  readonly channel: string;
  /** Notifications (delivery jobs) seen, counted on their first attempt; muted ones included. */
  events: number;
  /** Delivery attempts made (muted notifications make none). */
  attempts: number;
  delivered: number;
  failed: number;
  dead: number;
  muted: number;
  retrying: number;
  status2xx: number;
  status3xx: number;
  status4xx: number;
  status5xx: number;
  statusTimeout: number;
  statusNetwork: number;
  statusNone: number;
  /** Attempts after the first. */
  retries: number;
  /** Response-time samples: attempts that reached the network (status class other than `none`). */
  latencyCount: number;
  latencySumMs: number;
  latencyMinMs: number | null;
  latencyMaxMs: number | null;
  readonly buckets: Map<number, number>;
}

const STATUS_FIELD = {
  '2xx': 'status2xx',
  '3xx': 'status3xx',
  '4xx': 'status4xx',
  '5xx': 'status5xx',
  timeout: 'statusTimeout',
  network: 'statusNetwork',
  none: 'statusNone',
} as const satisfies Record<DeliveryOutcome['statusClass'], keyof RollupDelta>;

/** The UTC hour an instant falls in, as ISO text (`2025-01-02T03:00:00.000Z`). */
export function hourOf(iso: string): string {
  const t = Date.parse(iso);
  return new Date(t - (((t % 3_600_000) + 3_600_000) % 3_600_000)).toISOString();
}

/** Whether an outcome's duration counts as a response time. */
export function isResponseTimeSample(outcome: Pick<DeliveryOutcome, 'outcome' | 'statusClass'>): boolean {
  return outcome.outcome !== 'muted' && outcome.statusClass !== 'none';
}

export function rollupKey(d: Pick<RollupDelta, 'receiverId' | 'channel' | 'hour'>): string {
  return `${d.receiverId}\u0000${d.channel}\u0000${d.hour}`;
}

function emptyDelta(hour: string, receiverId: string, channel: string): RollupDelta {
  return {
    hour,
    receiverId,
    channel,
    events: 0,
    attempts: 0,
    delivered: 0,
    failed: 0,
    dead: 0,
    muted: 0,
    retrying: 0,
    status2xx: 0,
    status3xx: 0,
    status4xx: 0,
    status5xx: 0,
    statusTimeout: 0,
    statusNetwork: 0,
    statusNone: 0,
    retries: 0,
    latencyCount: 0,
    latencySumMs: 0,
    latencyMinMs: null,
    latencyMaxMs: null,
    buckets: new Map(),
  };
}

/**
 * Folds delivery outcomes into per receiver/channel/hour deltas, ordered by key
 * (a fixed order keeps concurrent upserts from deadlocking). The hour comes from
 * the attempt's own time, so every replica files an outcome under the same row.
 */
export function foldOutcomes(outcomes: readonly DeliveryOutcome[]): RollupDelta[] {
  const deltas = new Map<string, RollupDelta>();
  for (const o of outcomes) {
    const hour = hourOf(o.attemptedAt);
    const key = rollupKey({ receiverId: o.receiverId, channel: o.channel, hour });
    let d = deltas.get(key);
    if (!d) deltas.set(key, (d = emptyDelta(hour, o.receiverId, o.channel)));
    if (o.attempt === 1) d.events += 1;
    d[o.outcome] += 1;
    if (o.outcome === 'muted') continue;
    d.attempts += 1;
    d[STATUS_FIELD[o.statusClass]] += 1;
    if (o.attempt > 1) d.retries += 1;
    if (!isResponseTimeSample(o)) continue;
    d.latencyCount += 1;
    d.latencySumMs += o.durationMs;
    d.latencyMinMs = d.latencyMinMs === null ? o.durationMs : Math.min(d.latencyMinMs, o.durationMs);
    d.latencyMaxMs = d.latencyMaxMs === null ? o.durationMs : Math.max(d.latencyMaxMs, o.durationMs);
    const bucket = bucketOf(o.durationMs);
    d.buckets.set(bucket, (d.buckets.get(bucket) ?? 0) + 1);
  }
  return [...deltas.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, d]) => d);
}

/** Keeps the first of several outcomes with one id (a batch may hold a redelivery). */
export function uniqueById<T extends { readonly id: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item.id) ? false : (seen.add(item.id), true)));
}
