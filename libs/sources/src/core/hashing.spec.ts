import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { boundDedupKey, deterministicUuid } from './hashing.js';

describe('deterministicUuid', () => {
  it('is a stable RFC 9562 UUIDv8 that z.uuid() accepts', () => {
    for (const seed of ['', 'a', 'raw-1:0', '😀'.repeat(100)]) {
      const id = deterministicUuid(seed);
      assert.equal(id, deterministicUuid(seed));
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(z.uuid().safeParse(id).success, true);
    }
    assert.notEqual(deterministicUuid('raw-1:0'), deterministicUuid('raw-1:1'));
  });
});

describe('boundDedupKey', () => {
  it('keeps keys up to 255 characters and hashes the tail of longer ones', () => {
    const cases = [
      { key: 'k', length: 1 },
      { key: 'k'.repeat(255), length: 255 },
      { key: 'k'.repeat(256), length: 255 },
      // 189 + '#' + 64: the prefix stops before a pair it would split.
      { key: `a${'😀'.repeat(300)}`, length: 254 },
      { key: '😀'.repeat(300), length: 255 },
    ];
    for (const { key, length } of cases) assert.equal(boundDedupKey(key).length, length);
    assert.notEqual(boundDedupKey(`${'k'.repeat(300)}a`), boundDedupKey(`${'k'.repeat(300)}b`));
  });
});
