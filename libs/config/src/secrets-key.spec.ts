import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig, ConfigError } from './load-config.js';
import { parseSecretsKeyring, secretsEnvSchema } from './secrets-key.js';

const key = (byte: number, bytes = 32): string => Buffer.alloc(bytes, byte).toString('base64');

describe('parseSecretsKeyring (HERALD_SECRETS_KEY)', () => {
  it('reads id:key entries; the first is the primary', () => {
    const ring = parseSecretsKeyring(`k2:${key(2)}, k1:${key(1)}`);
    assert.notEqual(typeof ring, 'string');
    if (typeof ring === 'string') return;
    assert.equal(ring.primaryId, 'k2');
    assert.deepEqual([...ring.keys.keys()], ['k2', 'k1']);
    assert.deepEqual(ring.keys.get('k1'), Buffer.alloc(32, 1));
  });

  const bad: Array<[string, string, RegExp]> = [
    ['no id', key(1), /<id>:<base64 key>.*openssl rand -base64 32/],
    ['a short key', `k1:${key(1, 16)}`, /"k1" must be 32 bytes/],
    ['not base64', 'k1:not*base64', /"k1" must be 32 bytes/],
    ['a bad id', `k 1:${key(1)}`, /must be/],
    ['an id twice', `k1:${key(1)},k1:${key(2)}`, /appears twice/],
    ['nothing', ' , ', /is empty/],
  ];
  for (const [name, text, message] of bad) {
    it(`refuses ${name}, never echoing a key`, () => {
      const result = parseSecretsKeyring(text);
      assert.equal(typeof result, 'string');
      assert.match(result as string, message);
      assert.ok(!(result as string).includes(key(1)));
    });
  }

  it('a missing variable is a start-up error naming it and saying how to make one', () => {
    assert.throws(
      () => loadConfig(secretsEnvSchema, {}),
      (error: unknown) => error instanceof ConfigError && /HERALD_SECRETS_KEY is required: it encrypts credentials.*openssl rand -base64 32/.test(error.message),
    );
    assert.throws(() => loadConfig(secretsEnvSchema, { HERALD_SECRETS_KEY: 'k1:short' }), /HERALD_SECRETS_KEY key "k1" must be 32 bytes/);
  });
});
