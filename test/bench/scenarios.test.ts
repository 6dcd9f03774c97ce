import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scenarios } from './scenarios.js';

describe('scenarios', () => {
  const base = { steadyRate: 50, steadySeconds: 20, grouped: { alerts: 10_000, groups: 100 } };
  const cases = [
    { name: 'the default sizes: steady after the 10k burst, before the 50k', sizes: [1_000, 10_000, 50_000], expected: ['burst-1000', 'burst-10000', 'steady', 'burst-50000', 'grouped'] },
    { name: 'only small bursts: steady after them all', sizes: [1_000, 5_000], expected: ['burst-1000', 'burst-5000', 'steady', 'grouped'] },
    { name: 'only a large burst: steady first', sizes: [50_000], expected: ['steady', 'burst-50000', 'grouped'] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(scenarios({ ...base, sizes: c.sizes }).map((s) => s.name), c.expected));

  it('steady sends rate × seconds alerts; no grouped storm when it is off', () => {
    const list = scenarios({ ...base, sizes: [10_000], grouped: undefined });
    assert.deepEqual(list.map((s) => [s.name, s.alerts]), [['burst-10000', 10_000], ['steady', 1_000]]);
  });
});
