import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonbRows } from './jsonb-rows.js';

describe('jsonbRows', () => {
  const cases: ReadonlyArray<{ name: string; rows: object[] }> = [
    { name: 'no rows', rows: [] },
    { name: 'one row', rows: [{ id: 1, name: 'a' }] },
    { name: 'nested values, nulls and arrays', rows: [{ a: { b: [1, null, 'x'] }, c: null }, { a: {}, c: [] }] },
    { name: 'quotes, backslashes, control characters', rows: [{ s: 'say "hi"\\n\n\t\u0001' }] },
    { name: 'non-ASCII text (UTF-8 bytes, not UTF-16)', rows: [{ s: 'Disk füll — ☃ 😀' }] },
    { name: 'many rows (over V8 cons-string sizes)', rows: Array.from({ length: 500 }, (_, i) => ({ i, text: 'x'.repeat(200) })) },
  ];
  for (const { name, rows } of cases) {
    it(`${name}: version byte 1, then the JSON text of the array in UTF-8`, () => {
      const buffer = jsonbRows(rows);
      assert.equal(buffer[0], 1);
      assert.equal(buffer.subarray(1).toString('utf8'), JSON.stringify(rows));
      assert.deepEqual(JSON.parse(buffer.subarray(1).toString('utf8')), rows);
    });
  }
});
