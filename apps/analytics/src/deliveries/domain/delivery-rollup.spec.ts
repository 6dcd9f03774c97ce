import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DeliveryOutcome } from '@herald/contracts';
import { deliveryOutcome } from '@herald/contracts/testing';
import { foldOutcomes, hourOf, uniqueById } from './delivery-rollup.js';
import { bucketOf } from './latency-sketch.js';

let seq = 0;
function outcome(over: Partial<DeliveryOutcome> = {}): DeliveryOutcome {
  seq += 1;
  return deliveryOutcome({ id: `job-${seq}.1`, ...over });
}

describe('hourOf', () => {
  const cases: Array<[string, string]> = [
    ['2025-03-04T10:15:30.123Z', '2025-03-04T10:00:00.000Z'],
    ['2025-03-04T10:00:00.000Z', '2025-03-04T10:00:00.000Z'],
    ['2025-03-04T12:59:59.999+02:00', '2025-03-04T10:00:00.000Z'],
  ];
  for (const [input, hour] of cases) it(`${input} → ${hour}`, () => assert.equal(hourOf(input), hour));
});

describe('foldOutcomes', () => {
  it('counts each outcome kind, status class, first attempts and retries', () => {
    const [d, ...rest] = foldOutcomes([
      outcome(),
      outcome({ outcome: 'retrying', statusClass: '5xx', statusCode: 503, durationMs: 30 }),
      outcome({ outcome: 'delivered', attempt: 2, durationMs: 20 }),
      outcome({ outcome: 'failed', statusClass: '4xx', statusCode: 400, durationMs: 5 }),
      outcome({ outcome: 'dead', attempt: 4, statusClass: 'timeout', statusCode: undefined, durationMs: 10_000 }),
      outcome({ outcome: 'retrying', statusClass: 'network', statusCode: undefined, durationMs: 2 }),
      outcome({ outcome: 'muted', statusClass: 'none', statusCode: undefined, durationMs: 0 }),
      outcome({ outcome: 'failed', statusClass: 'none', statusCode: undefined, durationMs: 0, errorClass: 'render_invalid' }),
    ]);
    assert.equal(rest.length, 0);
    assert.ok(d);
    assert.deepEqual(
      {
        events: d.events,
        attempts: d.attempts,
        delivered: d.delivered,
        failed: d.failed,
        dead: d.dead,
        muted: d.muted,
        retrying: d.retrying,
        status2xx: d.status2xx,
        status4xx: d.status4xx,
        status5xx: d.status5xx,
        statusTimeout: d.statusTimeout,
        statusNetwork: d.statusNetwork,
        statusNone: d.statusNone,
        retries: d.retries,
        latencyCount: d.latencyCount,
        latencySumMs: d.latencySumMs,
        latencyMinMs: d.latencyMinMs,
        latencyMaxMs: d.latencyMaxMs,
      },
      {
        events: 6,
        attempts: 7,
        delivered: 2,
        failed: 2,
        dead: 1,
        muted: 1,
        retrying: 2,
        status2xx: 2,
        status4xx: 1,
        status5xx: 1,
        statusTimeout: 1,
        statusNetwork: 1,
        statusNone: 1,
        retries: 2,
        latencyCount: 6,
        latencySumMs: 10 + 30 + 20 + 5 + 10_000 + 2,
        latencyMinMs: 2,
        latencyMaxMs: 10_000,
      },
    );
    assert.equal([...d.buckets.values()].reduce((a, b) => a + b, 0), 6);
    assert.equal(d.buckets.get(bucketOf(10_000)), 1);
  });

  it('splits by receiver, channel and hour, in a stable order', () => {
    const deltas = foldOutcomes([
      outcome({ receiverId: 'b' }),
      outcome({ receiverId: 'a', attemptedAt: '2025-03-04T11:01:00.000Z' }),
      outcome({ receiverId: 'a' }),
      outcome({ receiverId: 'a', channel: 'slack' }),
      outcome({ receiverId: 'a' }),
    ]);
    assert.deepEqual(
      deltas.map((d) => [d.receiverId, d.channel, d.hour, d.events]),
      [
        ['a', 'slack', '2025-03-04T10:00:00.000Z', 1],
        ['a', 'webhook', '2025-03-04T10:00:00.000Z', 2],
        ['a', 'webhook', '2025-03-04T11:00:00.000Z', 1],
        ['b', 'webhook', '2025-03-04T10:00:00.000Z', 1],
      ],
    );
  });

  it('keeps latency null when no attempt reached the network', () => {
    const [d] = foldOutcomes([outcome({ outcome: 'muted', statusClass: 'none', durationMs: 0 })]);
    assert.equal(d?.latencyMinMs, null);
    assert.equal(d?.latencyCount, 0);
    assert.equal(d?.attempts, 0);
    assert.equal(d?.events, 1);
  });
});

describe('uniqueById', () => {
  it('keeps the first of repeated ids', () => {
    assert.deepEqual(uniqueById([{ id: 'a', n: 1 }, { id: 'b', n: 2 }, { id: 'a', n: 3 }]), [{ id: 'a', n: 1 }, { id: 'b', n: 2 }]);
  });
});
