import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newId } from './new-ids.js';

describe('newId', () => {
  const ids = Array.from({ length: 2_000 }, newId);

  it('is a UUID of version 7 (RFC 9562 variant)', () => {
    for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('sorts after every id made before it, thousands in the same millisecond included', () => {
    assert.deepEqual([...ids].sort(), ids);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('begins with the time it was made', () => {
    const before = Date.now();
    const id = newId();
    const millis = Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
    assert.ok(millis >= before && millis <= Date.now() + 1, `${millis} not within [${before}, now]`);
  });
});
