import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scenarios } from './scenarios.js';

describe('scenarios', () => {
  const base = { steadyRate: 50, steadySeconds: 20, grouped: { alerts: 10_000, groups: 100 }, repeat: 1 };
  const cases = [
    { name: 'the default sizes: steady after the 10k burst, before the 50k', sizes: [1_000, 10_000, 50_000], expected: ['burst-1000', 'burst-10000', 'steady', 'burst-50000', 'grouped'] },
    { name: 'only small bursts: steady after them all', sizes: [1_000, 5_000], expected: ['burst-1000', 'burst-5000', 'steady', 'grouped'] },
    { name: 'only a large burst: steady first', sizes: [50_000], expected: ['steady', 'burst-50000', 'grouped'] },
    {
      name: 'rounds: the 10k burst again, right after its first round',
      sizes: [1_000, 10_000, 50_000],
      repeat: 3,
      expected: ['burst-1000', 'burst-10000', 'burst-10000-r2', 'burst-10000-r3', 'steady', 'burst-50000', 'grouped'],
    },
    { name: 'rounds of the largest burst up to 10k', sizes: [200, 50_000], repeat: 2, expected: ['burst-200', 'burst-200-r2', 'steady', 'burst-50000', 'grouped'] },
    { name: 'no rounds without a burst up to 10k', sizes: [50_000], repeat: 3, expected: ['steady', 'burst-50000', 'grouped'] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(scenarios({ ...base, sizes: c.sizes, repeat: c.repeat ?? base.repeat }).map((s) => s.name), c.expected));

  it('a round is a burst of the same size that says which round it is', () => {
    const round = scenarios({ ...base, sizes: [10_000], repeat: 2 }).find((s) => s.name === 'burst-10000-r2');
    assert.deepEqual(round, { name: 'burst-10000-r2', kind: 'burst', alerts: 10_000, round: 2 });
  });

  it('steady sends rate × seconds alerts; no grouped storm when it is off', () => {
    const list = scenarios({ ...base, sizes: [10_000], grouped: undefined });
    assert.deepEqual(list.map((s) => [s.name, s.alerts]), [['burst-10000', 10_000], ['steady', 1_000]]);
  });
});
