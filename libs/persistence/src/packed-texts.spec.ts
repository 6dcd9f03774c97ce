import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { packTexts, unpackedText } from './packed-texts.js';

describe('packTexts', () => {
  const cases: ReadonlyArray<{ name: string; texts: Array<string | undefined>; unpacked: Array<string | undefined> }> = [
    { name: 'no texts', texts: [], unpacked: [] },
    { name: 'ASCII, one after the other', texts: ['{"a":1}', 'xyz'], unpacked: ['{"a":1}', 'xyz'] },
    { name: 'rows without a text get no span and take no bytes', texts: [undefined, 'ab', undefined, 'c'], unpacked: [undefined, 'ab', undefined, 'c'] },
    { name: 'an empty text has a span of length 0', texts: ['', 'x'], unpacked: ['', 'x'] },
    { name: 'spans count UTF-8 bytes, not UTF-16 units', texts: ['füll ☃ 😀', 'é'], unpacked: ['füll ☃ 😀', 'é'] },
    { name: 'NUL and unpaired surrogates become U+FFFD, as jsonb needs', texts: ['a\u0000b', 'x\ud800y'], unpacked: ['a\uFFFDb', 'x\uFFFDy'] },
  ];
  for (const { name, texts, unpacked } of cases) {
    it(name, () => {
      const { bytes, spans } = packTexts(texts);
      assert.equal(spans.length, texts.length);
      const read = spans.map((span) => (span === undefined ? undefined : bytes.subarray(span.at, span.at + span.len).toString('utf8')));
      assert.deepEqual(read, unpacked);
      const used = spans.reduce((sum, span) => sum + (span?.len ?? 0), 0);
      assert.equal(bytes.length, used, 'the buffer holds the texts and nothing else');
    });
  }

  it('unpackedText reads a span of a bytea parameter as UTF-8 text (substr counts from 1)', () => {
    assert.equal(unpackedText('$2', 'x.body_at', 'x.body_len'), "convert_from(substr($2::bytea, x.body_at + 1, x.body_len), 'UTF8')");
  });
});
