import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newId } from './new-ids.js';

/** The millisecond a version 7 id was made in: its first 48 bits. */
const millisOf = (id: string): number => Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);

describe('newId', () => {
  // More than one pool of random bytes (256 ids), so a refill is crossed.
  const ids = Array.from({ length: 2_000 }, newId);

  it('is a UUID of version 7 (RFC 9562 variant)', () => {
    for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('never repeats, across refills of the random pool', () => {
    assert.equal(new Set(ids).size, ids.length);
    // Ids made in the same millisecond differ in their random bits, not only in a counter.
    assert.equal(new Set(ids.map((id) => id.slice(-12))).size, ids.length);
  });

  it('sorts after every id of an earlier millisecond', () => {
    for (let i = 1; i < ids.length; i += 1) {
      const [before, after] = [ids[i - 1]!, ids[i]!];
      assert.ok(millisOf(after) >= millisOf(before), `${after} made before ${before}`);
      if (millisOf(after) > millisOf(before)) assert.ok(after > before, `${after} sorts before ${before}`);
    }
  });

  it('begins with the time it was made', () => {
    const before = Date.now();
    const millis = millisOf(newId());
    assert.ok(millis >= before && millis <= Date.now(), `${millis} not within [${before}, now]`);
  });
});
