import type { DeliveryOutcome } from '@herald/contracts';
import { foldOutcomes, type RollupDelta } from './domain/delivery-rollup.js';

/*
 * The rollup statement's rows, as plain data: which columns add up, and what one outcome adds
 * to them. Pure, so the store (the adapter) only sends them.
 */

/** Columns of delivery_rollups that add up, beside the delta field they come from. */
export const COUNTS = [
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

/** An outcome's row of the rollup statement (RollupStore's RECORD_BATCH): its key, the counts it adds to (zeros left out), its latency sample and bucket. */
export function contributionRow(id: string, delta: RollupDelta): Record<string, string | number> {
  const row: Record<string, string | number> = { id, receiver_id: delta.receiverId, channel: delta.channel, hour: delta.hour };
  for (const [column, field] of COUNTS) if (delta[field] !== 0) row[column] = delta[field];
  if (delta.latencyCount > 0) row['latency_ms'] = delta.latencySumMs;
  const bucket = delta.buckets.keys().next().value;
  if (bucket !== undefined) row['bucket'] = bucket;
  return row;
}

/** One outcome's contribution to its rollup row (a rollup of one). */
export function contributionOf(outcome: DeliveryOutcome): RollupDelta {
  const [delta] = foldOutcomes([outcome]);
  if (!delta) throw new Error(`outcome ${outcome.id} folded into nothing`);
  return delta;
}
