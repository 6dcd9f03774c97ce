import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateIntegrationKey, hashIntegrationKey, keyMatches, presentedKey } from './integration-key.js';

describe('integration keys', () => {
  it('generates distinct keys of at least 128 random bits', () => {
    const keys = new Set(Array.from({ length: 100 }, () => generateIntegrationKey()));
    assert.equal(keys.size, 100);
    for (const key of keys) assert.ok(Buffer.from(key.slice(5), 'base64url').length >= 16);
  });

  it('matches only the key whose hash is stored', () => {
    const key = generateIntegrationKey();
    const hash = hashIntegrationKey(key);
    assert.notEqual(hash, key);
    assert.equal(keyMatches(key, hash), true);
    assert.equal(keyMatches(`${key}x`, hash), false);
    assert.equal(keyMatches(key, 'not-hex'), false);
  });

  const cases: Array<[Record<string, string>, string | undefined]> = [
    [{ authorization: 'Bearer abc' }, 'abc'],
    [{ authorization: 'bearer abc ' }, 'abc'],
    [{ 'x-webhook-secret': ' abc ' }, 'abc'],
    [{ authorization: 'Basic abc' }, undefined],
    [{ authorization: 'Basic abc', 'x-webhook-secret': 'k' }, 'k'],
    [{ authorization: `Basic ${Buffer.from('herald:the-key').toString('base64')}` }, 'the-key'],
    [{ authorization: `Basic ${Buffer.from('the-key:').toString('base64')}` }, 'the-key'],
    [{ authorization: `Basic ${Buffer.from(':').toString('base64')}`, 'x-webhook-secret': 'k' }, 'k'],
    [{ 'x-gitlab-token': 'gl-key' }, 'gl-key'],
    [{ authorization: 'GenieKey og-key' }, 'og-key'],
    [{ 'x-honeycomb-webhook-token': 'hc-key' }, 'hc-key'],
    [{}, undefined],
  ];
  for (const [headers, expected] of cases) {
    it(`reads the key from ${JSON.stringify(headers)}`, () => assert.equal(presentedKey(headers), expected));
  }

  it('falls back to the ?key= query parameter, after every header', () => {
    assert.equal(presentedKey({}, 'from-url'), 'from-url');
    assert.equal(presentedKey({ authorization: 'Bearer abc' }, 'from-url'), 'abc');
    assert.equal(presentedKey({}, ['a', 'b']), undefined);
    assert.equal(presentedKey({}, ' '), undefined);
  });
});
