import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TtlCache } from './ttl-cache.js';

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
});
