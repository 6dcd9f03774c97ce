import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addTotals, emptyTotals, figuresOf, totalsBy } from './delivery-figures.js';
import { bucketOf, RELATIVE_ERROR } from './latency-sketch.js';

describe('figuresOf', () => {
  it('answers zeros and nulls for no data', () => {
    const f = figuresOf(emptyTotals());
    assert.equal(f.total_events, 0);
    assert.equal(f.success_rate, null);
    assert.deepEqual(f.response_time_ms, { samples: 0, avg: null, min: null, max: null, p95: null, p95_relative_error: RELATIVE_ERROR });
  });

  it('adds rows: sums counts, keeps the extreme min and max, merges buckets', () => {
    const a = { ...emptyTotals(), delivered: 3, failed: 1, dead: 1, events: 5, attempts: 6, retries: 1, status5xx: 1 };
    a.latencyCount = 2;
    a.latencySumMs = 30;
    a.latencyMinMs = 10;
    a.latencyMaxMs = 20;
    a.buckets = new Map([
      [bucketOf(10), 1],
      [bucketOf(20), 1],
    ]);
    const b = { ...emptyTotals(), delivered: 1, events: 1, attempts: 1 };
    b.latencyCount = 1;
    b.latencySumMs = 90;
    b.latencyMinMs = 90;
    b.latencyMaxMs = 90;
    b.buckets = new Map([[bucketOf(90), 1]]);
    const f = figuresOf(addTotals(addTotals(emptyTotals(), a), b));
    assert.equal(f.successful_deliveries, 4);
    assert.equal(f.failed_deliveries, 2);
    assert.equal(f.dead_deliveries, 1);
    assert.equal(f.success_rate, 0.666667);
    assert.equal(f.total_events, 6);
    assert.equal(f.total_attempts, 7);
    assert.equal(f.retry_count, 1);
    assert.equal(f.errors['5xx'], 1);
    assert.equal(f.response_time_ms.samples, 3);
    assert.equal(f.response_time_ms.avg, 40);
    assert.equal(f.response_time_ms.min, 10);
    assert.equal(f.response_time_ms.max, 90);
    assert.equal(f.response_time_ms.p95, 90, 'rank 3 of 3 is the max, clamped exactly');
  });
});

describe('totalsBy', () => {
  it('groups rows and buckets by the key, in key order', () => {
    const row = (receiverId: string, channel: string, delivered: number) => ({ receiverId, channel, totals: { ...emptyTotals(), delivered } });
    const groups = totalsBy(
      [row('b', 'slack', 1), row('a', 'webhook', 2), row('c', 'webhook', 4)],
      [
        { receiverId: 'a', channel: 'webhook', bucket: 5, count: 2 },
        { receiverId: 'c', channel: 'webhook', bucket: 5, count: 3 },
      ],
      (r) => r.channel,
    );
    assert.deepEqual([...groups.keys()], ['slack', 'webhook']);
    assert.equal(groups.get('webhook')?.delivered, 6);
    assert.equal(groups.get('webhook')?.buckets.get(5), 5);
    assert.equal(groups.get('slack')?.buckets.size, 0);
  });
});
