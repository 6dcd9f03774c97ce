import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { HEAP_GROWTH_PERCENT, heapGrowthPercent } from './heap-growth.js';

const run = promisify(execFile);

describe('heapGrowthPercent', () => {
  const cases: Array<[string, number | undefined, number]> = [
    ['ingestion', undefined, 100],
    ['incidents', undefined, 35],
    ['analytics', undefined, 100],
    // Dispatch's resident peak has no room: held under V8's own rule.
    ['dispatch', undefined, 15],
    ['gateway', undefined, 0],
    // Only the table's own entries, not what every object inherits.
    ['constructor', undefined, 0],
    // HERALD_HEAP_GROWTH_PERCENT wins, 0 included.
    ['incidents', 0, 0],
    ['dispatch', 40, 40],
    ['ingestion', 150, 150],
  ];
  for (const [service, configured, expected] of cases) {
    it(`${service}, configured ${configured ?? 'unset'}: ${expected}`, () => {
      assert.equal(heapGrowthPercent(service, configured), expected);
    });
  }

  it('holds dispatch under V8 own rule (20-30% under the 256 MiB cap), and leaves the gateway to it', () => {
    assert.ok((HEAP_GROWTH_PERCENT.dispatch ?? 0) > 0 && (HEAP_GROWTH_PERCENT.dispatch ?? 0) < 20);
    assert.equal(HEAP_GROWTH_PERCENT.gateway, undefined);
  });
});

/**
 * A process sized as the services are, holding a live set and promoting batches it keeps for a
 * few turns (as a consumer holds a batch in flight); prints how many full collections it ran.
 */
const WORKLOAD = `
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { applyHeapGrowth } from ${JSON.stringify(new URL('./heap-growth.js', import.meta.url).href)};
applyHeapGrowth(Number(process.env.PERCENT));
let full = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (e.detail.kind === constants.NODE_PERFORMANCE_GC_INCREMENTAL || e.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) full += 1;
}).observe({ entryTypes: ['gc'] });
const live = [];
for (let i = 0; i < 300000; i++) live.push({ a: i, b: 'x' + i + 'yyyyyyyyyyyyyyyyyyyy', c: [i, i, i, i] });
const held = [];
for (let round = 0; round < 400; round++) {
  const batch = [];
  for (let i = 0; i < 5000; i++) batch.push({ i, s: 'z' + i + round, t: [i, round] });
  held.push(batch);
  if (held.length > 8) held.shift();
  await new Promise((resolve) => setImmediate(resolve));
}
setTimeout(() => console.log(JSON.stringify({ full, live: live.length })), 50);
`;

async function fullCollections(percent: number): Promise<number> {
  const { stdout } = await run(process.execPath, ['--max-old-space-size=256', '--max-semi-space-size=4', '--input-type=module', '-e', WORKLOAD], {
    env: { ...process.env, PERCENT: String(percent) },
    timeout: 60_000,
  });
  return (JSON.parse(stdout) as { full: number }).full;
}

describe('applyHeapGrowth', () => {
  it('makes V8 run fewer full collections for the same promoted garbage', async () => {
    const [rule, doubled] = await Promise.all([fullCollections(0), fullCollections(100)]);
    assert.ok(rule >= 4, `the workload runs full collections under V8's rule (${rule})`);
    assert.ok(doubled * 1.25 <= rule, `100% growth: ${doubled} full collections, V8's rule: ${rule}`);
  });
});
