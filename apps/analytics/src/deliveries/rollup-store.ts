import type { DataSource } from 'typeorm';
import type { DeliveryOutcome } from '@herald/contracts';
import type { BucketRow, RollupRow } from './domain/delivery-figures.js';
import { foldOutcomes, uniqueById, type RollupDelta } from './domain/delivery-rollup.js';

/** Columns of delivery_rollups that add up, beside the delta field they come from. */
const COUNTS = [
  ['events', 'events'],
  ['attempts', 'attempts'],
  ['delivered', 'delivered'],
  ['failed', 'failed'],
  ['dead', 'dead'],
  ['muted', 'muted'],
  ['retrying', 'retrying'],
  ['status_2xx', 'status2xx'],
  ['status_3xx', 'status3xx'],
  ['status_4xx', 'status4xx'],
  ['status_5xx', 'status5xx'],
  ['status_timeout', 'statusTimeout'],
  ['status_network', 'statusNetwork'],
  ['status_none', 'statusNone'],
  ['retries', 'retries'],
  ['latency_count', 'latencyCount'],
] as const satisfies ReadonlyArray<readonly [string, keyof RollupDelta]>;

const UPSERT_ROLLUPS = `
  INSERT INTO delivery_rollups (receiver_id, channel, hour, ${COUNTS.map(([c]) => c).join(', ')}, latency_sum_ms, latency_min_ms, latency_max_ms)
  SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], ${COUNTS.map((_, i) => `$${i + 4}::bigint[]`).join(', ')},
    $${COUNTS.length + 4}::float8[], $${COUNTS.length + 5}::float8[], $${COUNTS.length + 6}::float8[])
  ON CONFLICT (receiver_id, channel, hour) DO UPDATE SET
    ${COUNTS.map(([c]) => `${c} = delivery_rollups.${c} + excluded.${c}`).join(',\n    ')},
    latency_sum_ms = delivery_rollups.latency_sum_ms + excluded.latency_sum_ms,
    latency_min_ms = LEAST(delivery_rollups.latency_min_ms, excluded.latency_min_ms),
    latency_max_ms = GREATEST(delivery_rollups.latency_max_ms, excluded.latency_max_ms)`;

const UPSERT_BUCKETS = `
  INSERT INTO latency_buckets (receiver_id, channel, hour, bucket, count)
  SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::smallint[], $5::bigint[])
  ON CONFLICT (receiver_id, channel, hour, bucket) DO UPDATE SET count = latency_buckets.count + excluded.count`;

/** Delivery rollups in PostgreSQL: idempotent recording and period queries. */
export class RollupStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records a batch in one transaction: outcome ids go into the inbox, and only
   * the outcomes not seen before are folded into the rollups. Returns those, so
   * the caller counts them once (after the commit) in its metrics.
   */
  async record(outcomes: readonly DeliveryOutcome[]): Promise<DeliveryOutcome[]> {
    const unique = uniqueById(outcomes);
    if (unique.length === 0) return [];
    return this.dataSource.transaction(async (em) => {
      const ids = unique.map((o) => o.id).sort();
      const inserted: Array<{ message_id: string }> = await em.query(
        'INSERT INTO inbox (message_id) SELECT id FROM unnest($1::text[]) AS id ORDER BY id ON CONFLICT DO NOTHING RETURNING message_id',
        [ids],
      );
      const fresh = new Set(inserted.map((r) => r.message_id));
      const freshOutcomes = unique.filter((o) => fresh.has(o.id));
      const deltas = foldOutcomes(freshOutcomes);
      if (deltas.length === 0) return freshOutcomes;
      await em.query(UPSERT_ROLLUPS, [
        deltas.map((d) => d.receiverId),
        deltas.map((d) => d.channel),
        deltas.map((d) => d.hour),
        ...COUNTS.map(([, field]) => deltas.map((d) => d[field])),
        deltas.map((d) => d.latencySumMs),
        deltas.map((d) => d.latencyMinMs),
        deltas.map((d) => d.latencyMaxMs),
      ]);
      const buckets = deltas.flatMap((d) =>
        [...d.buckets].sort(([a], [b]) => a - b).map(([bucket, count]) => ({ d, bucket, count })),
      );
      if (buckets.length > 0) {
        await em.query(UPSERT_BUCKETS, [
          buckets.map((b) => b.d.receiverId),
          buckets.map((b) => b.d.channel),
          buckets.map((b) => b.d.hour),
          buckets.map((b) => b.bucket),
          buckets.map((b) => b.count),
        ]);
      }
      return freshOutcomes;
    });
  }

  /** Rollups from `from` on, summed per receiver and channel. */
  async totals(from: Date, receiverId?: string): Promise<RollupRow[]> {
    const rows: Array<Record<string, string | number | null>> = await this.dataSource.query(
      `SELECT receiver_id, channel,
         ${COUNTS.map(([c]) => `sum(${c})::float8 AS ${c}`).join(', ')},
         sum(latency_sum_ms) AS latency_sum_ms, min(latency_min_ms) AS latency_min_ms, max(latency_max_ms) AS latency_max_ms
       FROM delivery_rollups
       WHERE hour >= $1 AND ($2::text IS NULL OR receiver_id = $2)
       GROUP BY receiver_id, channel
       ORDER BY receiver_id, channel`,
      [from.toISOString(), receiverId ?? null],
    );
    return rows.map((r) => ({
      receiverId: String(r['receiver_id']),
      channel: String(r['channel']),
      totals: {
        events: num(r['events']),
        attempts: num(r['attempts']),
        delivered: num(r['delivered']),
        failed: num(r['failed']),
        dead: num(r['dead']),
        muted: num(r['muted']),
        retrying: num(r['retrying']),
        status4xx: num(r['status_4xx']),
        status5xx: num(r['status_5xx']),
        statusTimeout: num(r['status_timeout']),
        statusNetwork: num(r['status_network']),
        retries: num(r['retries']),
        latencyCount: num(r['latency_count']),
        latencySumMs: num(r['latency_sum_ms']),
        latencyMinMs: r['latency_min_ms'] === null ? null : num(r['latency_min_ms']),
        latencyMaxMs: r['latency_max_ms'] === null ? null : num(r['latency_max_ms']),
      },
    }));
  }

  /** Latency buckets from `from` on, summed per receiver, channel and bucket. */
  async buckets(from: Date, receiverId?: string): Promise<BucketRow[]> {
    const rows: Array<{ receiver_id: string; channel: string; bucket: number; count: string }> = await this.dataSource.query(
      `SELECT receiver_id, channel, bucket, sum(count)::float8 AS count
       FROM latency_buckets
       WHERE hour >= $1 AND ($2::text IS NULL OR receiver_id = $2)
       GROUP BY receiver_id, channel, bucket`,
      [from.toISOString(), receiverId ?? null],
    );
    return rows.map((r) => ({ receiverId: r.receiver_id, channel: r.channel, bucket: Number(r.bucket), count: num(r.count) }));
  }

  /** Every receiver and channel with rollups (to pre-initialise metric series after a restart). */
  async knownSeries(): Promise<Array<{ receiverId: string; channel: string }>> {
    const rows: Array<{ receiver_id: string; channel: string }> = await this.dataSource.query(
      'SELECT DISTINCT receiver_id, channel FROM delivery_rollups ORDER BY 1, 2',
    );
    return rows.map((r) => ({ receiverId: r.receiver_id, channel: r.channel }));
  }

  /** Deletes inbox ids and rollups older than their retention. */
  async prune(inboxBefore: Date, rollupsBefore: Date): Promise<{ inbox: number; rollups: number }> {
    const [, inbox]: [unknown, number] = await this.dataSource.query('DELETE FROM inbox WHERE processed_at < $1', [inboxBefore.toISOString()]);
    const [, rollups]: [unknown, number] = await this.dataSource.query('DELETE FROM delivery_rollups WHERE hour < $1', [rollupsBefore.toISOString()]);
    await this.dataSource.query('DELETE FROM latency_buckets WHERE hour < $1', [rollupsBefore.toISOString()]);
    return { inbox, rollups };
  }
}

function num(value: string | number | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}
