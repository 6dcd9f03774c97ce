import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DeliveryOutcome } from './delivery.js';
import { DeliveryOutcomes, MAX_OUTCOMES_PER_MESSAGE, outcomeBatches, outcomesMessageId } from './delivery-outcomes.js';
import { MESSAGES } from './messages.js';
import { deliveryOutcome } from './testing/index.js';

function outcome(id: string, over: Partial<DeliveryOutcome> = {}): DeliveryOutcome {
  return deliveryOutcome({ id, ...over });
}

const ids = (batches: DeliveryOutcome[][]): string[][] => batches.map((b) => b.map((o) => o.id));

describe('outcomeBatches', () => {
  const a1 = outcome('a.1');
  const a2 = outcome('a.2', { receiverId: 'mail', channel: 'email' });
  const b1 = outcome('b.1');
  const c1 = outcome('c.1', { outcome: 'retrying', statusClass: '5xx', statusCode: 503 });
  const d1 = outcome('d.1');
  const cases: Array<{ name: string; in: DeliveryOutcome[]; max?: number; out: string[][] }> = [
    { name: 'nothing', in: [], out: [] },
    { name: 'one', in: [a1], out: [['a.1']] },
    { name: 'same kind and receiver: one message, in order', in: [d1, a1, b1], out: [['d.1', 'a.1', 'b.1']] },
    { name: 'another receiver: its own message', in: [a1, a2, b1], out: [['a.1', 'b.1'], ['a.2']] },
    { name: 'another outcome kind: its own message', in: [c1, a1, b1], out: [['c.1'], ['a.1', 'b.1']] },
    { name: 'split at the bound', in: [a1, b1, d1], max: 2, out: [['a.1', 'b.1'], ['d.1']] },
    { name: 'a bound of one: one message each', in: [a1, b1], max: 1, out: [['a.1'], ['b.1']] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const batches = outcomeBatches(c.in, c.max);
      assert.deepEqual(ids(batches), c.out);
      for (const batch of batches) {
        // One subject per message, and the caller's own objects.
        assert.equal(new Set(batch.map((o) => `${o.outcome}.${o.receiverId}`)).size, 1);
        for (const o of batch) assert.ok(c.in.includes(o));
      }
    });
  }

  it('keeps every outcome of a large storm, none twice, within the bound', () => {
    const storm = Array.from({ length: 1_234 }, (_, i) => outcome(`s${i}.1`, { receiverId: `r${i % 3}` }));
    const batches = outcomeBatches(storm);
    assert.ok(batches.every((b) => b.length >= 1 && b.length <= MAX_OUTCOMES_PER_MESSAGE));
    assert.deepEqual(batches.flat().map((o) => o.id).sort(), storm.map((o) => o.id).sort());
  });

  it('refuses a bound below one', () => {
    assert.throws(() => outcomeBatches([a1], 0));
  });
});

describe('outcomesMessageId', () => {
  const id = (...list: string[]): string => outcomesMessageId(list.map((i) => ({ id: i })));
  it('is the outcome id for a batch of one (as the single-outcome message had)', () => {
    assert.equal(id('job.1'), 'job.1');
  });
  it('is the same for the same ids in the same order', () => {
    assert.equal(id('a.1', 'b.1', 'c.1'), id('a.1', 'b.1', 'c.1'));
    assert.match(id('a.1', 'b.1'), /^outcomes\.2\.[0-9a-f]{28}$/);
  });
  const different: Array<[string[], string[]]> = [
    [['a.1', 'b.1'], ['a.1', 'b.2']],
    [['a.1', 'b.1'], ['b.1', 'a.1']],
    [['a.1', 'b.1'], ['a.1', 'b.1', 'c.1']],
    [['a.b', 'c'], ['a', 'b.c']],
    [['ab', 'c'], ['a', 'bc']],
  ];
  for (const [x, y] of different) {
    it(`differs for ${JSON.stringify(x)} and ${JSON.stringify(y)}`, () => assert.notEqual(id(...x), id(...y)));
  }
  it('gives distinct ids to many distinct batches', () => {
    const seen = new Set(Array.from({ length: 20_000 }, (_, i) => id(`job-${i}.1`, `job-${i + 1}.1`)));
    assert.equal(seen.size, 20_000);
  });
  it('refuses an empty batch', () => {
    assert.throws(() => outcomesMessageId([]));
  });
});

describe('DeliveryOutcomes schema', () => {
  const one = outcome('job.1');
  const cases: Array<{ name: string; wire: unknown; outcomes?: string[] }> = [
    { name: 'a batch', wire: { outcomes: [one, outcome('job2.1')] }, outcomes: ['job.1', 'job2.1'] },
    { name: 'a batch of one', wire: { outcomes: [one] }, outcomes: ['job.1'] },
    { name: 'the single outcome of earlier versions, as a batch of one', wire: one, outcomes: ['job.1'] },
    { name: 'not an empty batch', wire: { outcomes: [] } },
    { name: 'not a batch over the bound', wire: { outcomes: Array.from({ length: MAX_OUTCOMES_PER_MESSAGE + 1 }, (_, i) => outcome(`j${i}.1`)) } },
    { name: 'not a batch with a bad outcome', wire: { outcomes: [one, { ...one, attempt: 0 }] } },
    { name: 'not a bad single outcome', wire: { ...one, statusClass: 'teapot' } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const parsed = DeliveryOutcomes.safeParse(JSON.parse(JSON.stringify(c.wire)));
      if (!c.outcomes) return assert.equal(parsed.success, false);
      assert.ok(parsed.success, parsed.error?.message);
      assert.deepEqual(
        parsed.data.outcomes.map((o) => o.id),
        c.outcomes,
      );
    });
  }

  it('derives the subject and id of a message from its outcomes', () => {
    const def = MESSAGES.deliveryOutcomes;
    const dead = [outcome('x.3', { outcome: 'dead', receiverId: 'pager', statusClass: '5xx', attempt: 3 })];
    assert.equal(def.subject({ outcomes: dead }), 'deliveries.dead.pager');
    assert.equal(def.id({ outcomes: dead }), 'x.3');
    const two = [one, outcome('job2.1')];
    assert.equal(def.subject({ outcomes: two }), 'deliveries.delivered.ops');
    assert.equal(def.id({ outcomes: two }), outcomesMessageId(two));
    assert.equal(def.stream, 'DELIVERIES');
  });
});
