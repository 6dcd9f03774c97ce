import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStorableText, MAX_JSON_DEPTH, storableDeep, storableText, unstorableFields } from './storable.js';

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
      assert.equal(isStorableText(input), input === expected, JSON.stringify(input));
    }
  });
});

describe('storableDeep', () => {
  it('replaces in values and keys at any depth, and returns the very same value when nothing needed it', () => {
    const clean = { a: ['x', { b: 1, c: null, d: true }], e: 'émoji 😀' };
    assert.equal(storableDeep(clean), clean);
    assert.deepEqual(storableDeep({ 'k\u0000': ['a\ud800', { n: 'ok', m: 'x\u0000' }], plain: 'p' }), {
      'k\uFFFD': ['a\uFFFD', { n: 'ok', m: 'x\uFFFD' }],
      plain: 'p',
    });
  });
});

/** `depth` nested arrays around a string. */
function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i += 1) value = [value];
  return value;
}

describe('unstorableFields', () => {
  const cases: Array<[string, unknown, Array<[string, RegExp]>]> = [
    ['a clean body', { alerts: [{ labels: { alertname: 'A' } }], n: 1, ok: true, none: null }, []],
    ['NUL in a label value', { alerts: [{ labels: { team: 'a\u0000b' } }] }, [['alerts[0].labels.team', /NUL character/]]],
    ['lone high surrogate in a summary', { summary: 'x\ud800' }, [['summary', /unpaired UTF-16 surrogate/]]],
    ['lone low surrogate', { summary: '\udc00' }, [['summary', /unpaired/]]],
    ['a surrogate pair is fine', { summary: '😀 \ud83d\ude00' }, []],
    ['NUL in a key', { labels: { 'bad\u0000key': 'v' } }, [['labels."bad\uFFFDkey"', /has a key that contains a NUL/]]],
    ['a key that is not an identifier is quoted', { labels: { 'a b': '\u0000' } }, [['labels."a b"', /NUL/]]],
    ['a bare string body', 'text\u0000', [['', /NUL/]]],
    ['two problems, in document order', { a: '\u0000', b: ['\ud800'] }, [['a', /NUL/], ['b[0]', /unpaired/]]],
    [`nesting at the limit (${MAX_JSON_DEPTH})`, nested(MAX_JSON_DEPTH), []],
    [`nesting one beyond the limit`, nested(MAX_JSON_DEPTH + 1), [[`${'[0]'.repeat(MAX_JSON_DEPTH)}`, /deeper than 64 levels/]]],
  ];
  for (const [name, body, expected] of cases) {
    it(name, () => {
      const found = unstorableFields(body);
      assert.deepEqual(found.map((f) => f.path), expected.map(([p]) => p));
      found.forEach((f, i) => assert.match(f.message, expected[i]![1]));
    });
  }

  it('walks a 10,000-level body without overflowing the stack, and reports it once', () => {
    const found = unstorableFields(nested(10_000));
    assert.equal(found.length, 1);
    assert.match(found[0]!.message, /deeper than/);
  });

  it('stops after `limit` findings', () => {
    const body = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, '\u0000']));
    assert.equal(unstorableFields(body, MAX_JSON_DEPTH, 5).length, 5);
  });
});
