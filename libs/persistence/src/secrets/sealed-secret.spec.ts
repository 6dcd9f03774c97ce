import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSecretsKeyring, type SecretsKeyring } from '@herald/config';
import { isSealed, needsResealing, openSecret, resealSecret, sealedKeyId, sealSecret, SecretsKeyError } from './sealed-secret.js';

const key = (byte: number): string => Buffer.alloc(32, byte).toString('base64');
const ring = (text: string): SecretsKeyring => {
  const parsed = parseSecretsKeyring(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
};
const k1 = ring(`k1:${key(1)}`);
const k2k1 = ring(`k2:${key(2)},k1:${key(1)}`);
const k2 = ring(`k2:${key(2)}`);
const wrongK1 = ring(`k1:${key(9)}`);
const SECRET = '{"url":"https://hooks.slack.com/services/T0/B0/very-secret-token"}';

describe('sealed secrets (envelope encryption, AES-256-GCM)', () => {
  it('round-trips, and the sealed text shows neither the secret nor any part of it', () => {
    const sealed = sealSecret(k1, SECRET, 'receivers/ops');
    assert.ok(isSealed(sealed));
    assert.equal(sealedKeyId(sealed), 'k1');
    assert.doesNotMatch(sealed, /very-secret-token|hooks\.slack/);
    assert.equal(openSecret(k1, sealed, 'receivers/ops'), SECRET);
  });

  it('seals the same secret differently each time (fresh data key and IV)', () => {
    assert.notEqual(sealSecret(k1, SECRET, 'receivers/ops'), sealSecret(k1, SECRET, 'receivers/ops'));
  });

  it('rotation: a keyring with a new primary opens old values, seals new ones with the new key, and re-wraps old ones', () => {
    const old = sealSecret(k1, SECRET, 'receivers/ops');
    assert.equal(openSecret(k2k1, old, 'receivers/ops'), SECRET);
    assert.equal(sealedKeyId(sealSecret(k2k1, SECRET, 'receivers/ops')), 'k2');
    assert.ok(needsResealing(k2k1, old));
    const resealed = resealSecret(k2k1, old, 'receivers/ops');
    assert.equal(sealedKeyId(resealed), 'k2');
    assert.equal(resealed.split('.')[4], old.split('.')[4], 'only the data key is re-wrapped');
    assert.ok(!needsResealing(k2k1, resealed));
    // Once every row is re-wrapped, the old key can go.
    assert.equal(openSecret(k2, resealed, 'receivers/ops'), SECRET);
    assert.ok(needsResealing(k1, 'plain text'), 'a plain value needs sealing');
  });

  const refusals: Array<[string, () => string, RegExp]> = [
    ['a wrong key under the same id', () => openSecret(wrongK1, sealSecret(k1, SECRET, 'receivers/ops'), 'receivers/ops'), /HERALD_SECRETS_KEY: key "k1" does not open receivers\/ops: the key is wrong/],
    ['a key id missing from the keyring', () => openSecret(k2, sealSecret(k1, SECRET, 'receivers/ops'), 'receivers/ops'), /HERALD_SECRETS_KEY has no key "k1", which sealed receivers\/ops \(it has k2\)/],
    ['a value copied to another row', () => openSecret(k1, sealSecret(k1, SECRET, 'receivers/ops'), 'receivers/dev'), /does not open receivers\/dev/],
    [
      'an altered ciphertext',
      () => {
        const p = sealSecret(k1, SECRET, 'receivers/ops').split('.');
        const data = Buffer.from(p[4]!, 'base64url');
        data[0]! ^= 1;
        return openSecret(k1, [...p.slice(0, 4), data.toString('base64url')].join('.'), 'receivers/ops');
      },
      /altered/,
    ],
    ['text that is not sealed', () => openSecret(k1, 'hs1.k1.only', 'receivers/ops'), /not a sealed secret/],
  ];
  for (const [name, open, message] of refusals) {
    it(`refuses ${name} with an error naming HERALD_SECRETS_KEY`, () => {
      assert.throws(open, (error: unknown) => error instanceof SecretsKeyError && message.test(error.message));
    });
  }
});
