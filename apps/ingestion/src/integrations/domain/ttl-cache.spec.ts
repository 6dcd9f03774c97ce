import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cachedAnswer, TtlCache, type CachedAnswer } from './ttl-cache.js';

describe('TTL cache', () => {
  it('serves an entry until its TTL has passed', () => {
    const cache = new TtlCache<string, number>(1_000, 10);
    cache.set('a', 1, 0);
    assert.deepEqual(cache.get('a', 999), { value: 1 });
    assert.equal(cache.get('a', 1_000), undefined);
  });

  it('serves an expired entry on request, up to a maximum age', () => {
    const cache = new TtlCache<string, number>(1_000, 10);
    cache.set('a', 1, 0);
    assert.deepEqual(cache.getStale('a', 5_000, 10_000), { value: 1 });
    assert.equal(cache.getStale('a', 10_000, 10_000), undefined);
    assert.equal(cache.getStale('b', 0, 10_000), undefined);
  });

  it('caches a miss (null) as a hit', () => {
    const cache = new TtlCache<string, number | null>(1_000, 10);
    cache.set('gone', null, 0);
    assert.deepEqual(cache.get('gone', 1), { value: null });
  });

  it('drops the oldest entry when full', () => {
    const cache = new TtlCache<number, number>(1_000, 3);
    for (let i = 0; i < 5; i += 1) cache.set(i, i, 0);
    assert.equal(cache.size, 3);
    assert.equal(cache.get(0, 1), undefined);
    assert.equal(cache.get(1, 1), undefined);
    assert.deepEqual(cache.get(4, 1), { value: 4 });
  });

  it('keeps nothing with a TTL of 0, and nothing after clear', () => {
    const off = new TtlCache<string, number>(0, 10);
    off.set('a', 1, 0);
    assert.equal(off.get('a', 0), undefined);
    const cache = new TtlCache<string, number>(1_000, 10);
    cache.set('a', 1, 0);
    cache.clear();
    assert.equal(cache.get('a', 1), undefined);
  });

  it('tells how old an entry is', () => {
    const cache = new TtlCache<string, number>(1_000, 10);
    cache.set('a', 1, 100);
    assert.deepEqual(cache.entry('a', 1_600), { value: 1, ageMs: 1_500 });
    assert.equal(cache.entry('b', 1_600), undefined);
  });
});

describe('answering from the cache (TTL 1 s, revalidating within 300 s)', () => {
  const cases: Array<[string, { value: string | null; ageMs: number } | undefined, CachedAnswer<string | null>]> = [
    ['nothing cached: read', undefined, { kind: 'load' }],
    ['fresh: as it is', { value: 'x', ageMs: 999 }, { kind: 'fresh', value: 'x' }],
    ['a fresh miss: as it is', { value: null, ageMs: 10 }, { kind: 'fresh', value: null }],
    ['past the TTL: answered, read again behind', { value: 'x', ageMs: 1_000 }, { kind: 'revalidate', value: 'x' }],
    ['just inside the window: answered, read again behind', { value: 'x', ageMs: 299_999 }, { kind: 'revalidate', value: 'x' }],
    ['past the window: read first', { value: 'x', ageMs: 300_000 }, { kind: 'load' }],
    ['a miss past the TTL: read first (it may exist now)', { value: null, ageMs: 1_000 }, { kind: 'load' }],
  ];
  for (const [name, entry, expected] of cases) {
    it(name, () => assert.deepEqual(cachedAnswer(entry, 1_000, 300_000), expected));
  }
});
