import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { ConfigError, loadConfig } from './load-config.js';
import { baseEnvSchema, databaseEnvSchema, envPort } from './env.js';

const schema = baseEnvSchema.extend(databaseEnvSchema.shape).extend({ PORT: envPort.default(8080) });

describe('loadConfig', () => {
  it('applies defaults when nothing is set', () => {
    const config = loadConfig(schema, {});
    assert.equal(config.NATS_URL, 'nats://127.0.0.1:4222');
    assert.equal(config.PORT, 8080);
    assert.equal(config.HERALD_NAMESPACE, '');
  });

  it('coerces numbers and treats empty strings as unset', () => {
    const config = loadConfig(schema, { PORT: '9000', HERALD_NAMESPACE: '' });
    assert.equal(config.PORT, 9000);
    assert.equal(config.HERALD_NAMESPACE, '');
  });

  const invalid: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: 'eighty' }, /PORT must be a port number/],
    [{ PORT: '70000' }, /PORT must be 0\.\.65535/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must be a URL \(postgres, postgresql\)/],
    [{ HERALD_NAMESPACE: 'Has.Dots' }, /HERALD_NAMESPACE must contain only/],
    [{ NATS_URL: 'http://x' }, /NATS_URL must be nats:\/\/host:port/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ HERALD_HEAP_GROWTH_PERCENT: 'lots' }, /HERALD_HEAP_GROWTH_PERCENT/],
    [{ HERALD_HEAP_GROWTH_PERCENT: '500' }, /HERALD_HEAP_GROWTH_PERCENT/],
  ];
  for (const [env, message] of invalid) {
    it(`names the bad variable: ${Object.keys(env).join(',')}`, () => {
      assert.throws(() => loadConfig(schema, env), (e: unknown) => e instanceof ConfigError && message.test(e.message));
    });
  }

  it('names a required variable that is missing', () => {
    const required = z.object({ HERALD_ADMIN_TOKEN: z.string().min(16) });
    assert.throws(() => loadConfig(required, {}), /HERALD_ADMIN_TOKEN is required/);
  });
});
