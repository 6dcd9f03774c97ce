import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bucketOf, bucketValue, MAX_MS, MIN_MS, quantile, RELATIVE_ERROR, TOP_BUCKET } from './latency-sketch.js';

function exactNearestRank(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

function sketch(values: readonly number[]): Map<number, number> {
  const buckets = new Map<number, number>();
  for (const v of values) buckets.set(bucketOf(v), (buckets.get(bucketOf(v)) ?? 0) + 1);
  return buckets;
}

/** A small deterministic PRNG (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('latency sketch', () => {
  const cases: Array<[number, string]> = [
    [MIN_MS, 'the smallest tracked value'],
    [0.5, 'sub-millisecond'],
    [1, 'one millisecond'],
    [37.25, 'typical'],
    [999.999, 'just under a second'],
    [30_000, 'a timeout'],
    [MAX_MS, 'the largest tracked value'],
  ];
  for (const [value, label] of cases) {
    it(`reports ${label} (${value} ms) within ${RELATIVE_ERROR * 100} %`, () => {
      const reported = bucketValue(bucketOf(value));
      assert.ok(Math.abs(reported - value) <= RELATIVE_ERROR * value * (1 + 1e-9), `${value} → ${reported}`);
    });
  }

  it('puts values below the minimum in bucket 0, reported as 0', () => {
    assert.equal(bucketOf(0), 0);
    assert.equal(bucketOf(MIN_MS / 2), 0);
    assert.equal(bucketValue(0), 0);
  });

  it('caps huge values at the top bucket', () => {
    assert.equal(bucketOf(MAX_MS * 100), TOP_BUCKET);
    assert.ok(TOP_BUCKET < 32_767, 'fits a smallint');
  });

  it('is monotonic: a larger duration never lands in a lower bucket', () => {
    let previous = 0;
    for (let v = 0.001; v < 100_000; v *= 1.003) {
      const b = bucketOf(v);
      assert.ok(b >= previous, `${v}`);
      previous = b;
    }
  });

  it('answers p95 within the stated bound of the exact nearest-rank p95 (random data, many shapes)', () => {
    const rnd = random(42);
    const shapes: Array<() => number> = [
      () => 1 + rnd() * 100,
      () => Math.exp(rnd() * 10),
      () => (rnd() < 0.9 ? 5 + rnd() : 2_000 + rnd() * 8_000),
      () => 0.2 + rnd() * 0.3,
    ];
    for (const shape of shapes) {
      for (const n of [1, 2, 19, 20, 21, 100, 1_000, 5_000]) {
        const values = Array.from({ length: n }, shape);
        const exact = exactNearestRank(values, 0.95);
        const estimate = quantile(sketch(values), 0.95, { min: Math.min(...values), max: Math.max(...values) })!;
        assert.ok(Math.abs(estimate - exact) <= RELATIVE_ERROR * exact * (1 + 1e-9), `n=${n}: exact ${exact}, estimate ${estimate}`);
      }
    }
  });

  it('merges by adding counts: the quantile of merged hours equals that of all values', () => {
    const a = [1, 2, 3, 400];
    const b = [5, 6, 7, 8, 900];
    const merged = sketch(a);
    for (const [k, c] of sketch(b)) merged.set(k, (merged.get(k) ?? 0) + c);
    const all = [...a, ...b];
    assert.deepEqual(quantile(merged, 0.95, { min: 1, max: 900 }), quantile(sketch(all), 0.95, { min: 1, max: 900 }));
    assert.equal(quantile(merged, 0.95, { min: 1, max: 900 }), 900, 'rank 9 of 9 is the max, clamped exactly');
  });

  it('is undefined when empty', () => {
    assert.equal(quantile(new Map(), 0.95, { min: 0, max: 0 }), undefined);
  });
});
