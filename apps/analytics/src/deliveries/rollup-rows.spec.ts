import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DeliveryOutcome } from '@herald/contracts';
import { deliveryOutcome } from '@herald/contracts/testing';
import { bucketOf } from './domain/latency-sketch.js';
import { contributionOf, contributionRow } from './rollup-rows.js';

/* An outcome's row of the rollup statement: what it adds to, and nothing it does not (a missing count is summed as 0). */

const rowOf = (over: Partial<DeliveryOutcome>): Record<string, string | number> => {
  const o = deliveryOutcome({ id: 'job-1.1', attemptedAt: '2026-03-04T10:15:30.000Z', ...over });
  return contributionRow(o.id, contributionOf(o));
};
const key = { id: 'job-1.1', receiver_id: deliveryOutcome().receiverId, channel: deliveryOutcome().channel, hour: '2026-03-04T10:00:00.000Z' };

describe('contributionRow', () => {
  const cases: ReadonlyArray<{ name: string; outcome: Partial<DeliveryOutcome>; row: Record<string, string | number> }> = [
    {
      name: 'a first attempt delivered: an event, an attempt, a 2xx and a latency sample',
      outcome: { outcome: 'delivered', attempt: 1, statusClass: '2xx', statusCode: 200, durationMs: 12.5 },
      row: { ...key, events: 1, attempts: 1, delivered: 1, status_2xx: 1, latency_count: 1, latency_ms: 12.5, bucket: bucketOf(12.5) },
    },
    {
      name: 'a retry that timed out: a retry, no new event',
      outcome: { outcome: 'retrying', attempt: 3, statusClass: 'timeout', statusCode: undefined, durationMs: 10_000 },
      row: { ...key, attempts: 1, retrying: 1, status_timeout: 1, retries: 1, latency_count: 1, latency_ms: 10_000, bucket: bucketOf(10_000) },
    },
    {
      name: 'a muted notification: an event, no attempt, no latency sample',
      outcome: { outcome: 'muted', attempt: 1, statusClass: 'none', statusCode: undefined, durationMs: 0 },
      row: { ...key, events: 1, muted: 1 },
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(rowOf(c.outcome), c.row));
});
