import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { storableText } from './storable-text.js';

describe('storableText', () => {
  it('replaces what PostgreSQL refuses and keeps everything else', () => {
    for (const [input, expected] of [
      ['plain', 'plain'],
      ['a\u0000b', 'a\uFFFDb'],
      ['lone \ud800 high', 'lone \uFFFD high'],
      ['lone \udc00 low', 'lone \uFFFD low'],
      ['pair \ud83d\ude00 kept', 'pair \ud83d\ude00 kept'],
      ['', ''],
    ] as const) {
      assert.equal(storableText(input), expected, JSON.stringify(input));
    }
  });
});
