import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyHash, SeenKeys } from './seen-keys.js';

describe('SeenKeys', () => {
  const cases: Array<{ name: string; capacity: number; add: string[]; seen: string[]; unseen: string[] }> = [
    { name: 'nothing added: every key is new', capacity: 3, add: [], seen: [], unseen: ['a', 'b'] },
    { name: 'an added key is seen, another is not', capacity: 3, add: ['payments/latency'], seen: ['payments/latency'], unseen: ['payments/errors'] },
    { name: 'at capacity the oldest is forgotten first', capacity: 2, add: ['a', 'b', 'c'], seen: ['b', 'c'], unseen: ['a'] },
    { name: 'adding a key again does not make it younger or take room', capacity: 2, add: ['a', 'b', 'a', 'c'], seen: ['b', 'c'], unseen: ['a'] },
    { name: 'keys that differ only in case are different keys', capacity: 3, add: ['Checkout'], seen: ['Checkout'], unseen: ['checkout'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const keys = new SeenKeys(c.capacity);
      for (const key of c.add) keys.add(key);
      for (const key of c.seen) assert.equal(keys.has(key), true, `${key} should be seen`);
      for (const key of c.unseen) assert.equal(keys.has(key), false, `${key} should be new`);
      assert.ok(keys.size <= c.capacity);
    });
  }

  it('refuses a capacity that is not positive', () => {
    assert.throws(() => new SeenKeys(0), /positive capacity/);
  });

  it('hashes to small non-negative integers, spread over many keys', () => {
    const hashes = Array.from({ length: 50_000 }, (_, i) => keyHash(`bench-prometheus/${i.toString(16).padStart(16, '0')}`));
    for (const hash of hashes) assert.ok(Number.isInteger(hash) && hash >= 0 && hash < 2 ** 30);
    // 50,000 keys in 2^30 values: a handful of collisions at most (about one expected).
    assert.ok(new Set(hashes).size >= hashes.length - 5);
  });
});
