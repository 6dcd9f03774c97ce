import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Channel } from '@herald/contracts';
import { ReceiverSpec, SECRET_MASK, maskSecrets, referencable, restoreSecrets, secretPatterns } from './receiver.js';

const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ROUTING_KEY = 'R0123456789abcdef0123456789abcde';

/** One receiver of each channel with every credential it can carry. */
const SETTINGS: Record<Channel, Record<string, unknown>> = {
  webhook: {
    url: 'https://hooks.example.com/herald',
    headers: { 'X-Tenant': 'acme', 'X-Token': 'tok-123' },
    auth: { type: 'basic', username: 'herald', password: 'pw-secret' },
    signing: { secrets: [WHSEC, WHSEC], legacySecret: 'legacy-secret-0123456789' },
  },
  slack: { url: 'https://hooks.slack.com/services/T000/B000/XXXX', username: 'Herald' },
  discord: { url: 'https://discord.com/api/webhooks/1/abc' },
  teams: { url: 'https://example.webhook.office.com/workflows/abc' },
  pagerduty: { routingKey: ROUTING_KEY },
  email: { to: ['ops@example.com'], from: 'herald@example.com', smtp: { host: 'mail.example.com', username: 'herald', password: 'smtp-password-secret' } },
  splunk: { url: 'https://splunk.example.com:8088', token: 'hec-token' },
  datadog: { apiKey: 'a'.repeat(32) },
  elasticsearch: { url: 'https://es.example.com', auth: { type: 'oauth2', tokenUrl: 'https://idp.example.com/token', clientId: 'herald', clientSecret: 'cs-secret' } },
};

describe('maskSecrets', () => {
  const expected: Record<Channel, string[]> = {
    webhook: ['settings.headers.X-Tenant', 'settings.headers.X-Token', 'settings.auth.password', 'settings.signing.secrets.0', 'settings.signing.secrets.1', 'settings.signing.legacySecret'],
    slack: ['settings.url'],
    discord: ['settings.url'],
    teams: ['settings.url'],
    pagerduty: ['settings.routingKey'],
    email: ['settings.smtp.password'],
    splunk: ['settings.token'],
    datadog: ['settings.apiKey'],
    elasticsearch: ['settings.auth.clientSecret'],
  };
  for (const channel of Object.keys(SETTINGS) as Channel[]) {
    it(`${channel}: masks ${expected[channel].join(', ') || 'nothing'} and no secret value survives`, () => {
      const settings = SETTINGS[channel];
      assert.ok(ReceiverSpec.safeParse({ id: 'r', name: 'r', channel, settings }).success, 'fixture is valid');
      const masked = maskSecrets(channel, settings);
      assert.deepEqual(masked.secretFields, expected[channel]);
      const text = JSON.stringify(masked.settings);
      for (const secret of [WHSEC, ROUTING_KEY, 'tok-123', 'pw-secret', 'legacy-secret', 'hooks.slack.com', 'discord.com/api', 'hec-token', 'a'.repeat(32), 'cs-secret']) {
        assert.equal(text.includes(secret), false, `${secret} leaked in ${text}`);
      }
      assert.notEqual(masked.settings, settings, 'a copy');
    });
  }
  it('keeps what is not secret', () => {
    const masked = maskSecrets('webhook', SETTINGS.webhook).settings as { url: string; auth: { username: string; type: string } };
    assert.equal(masked.url, 'https://hooks.example.com/herald');
    assert.deepEqual(masked.auth, { type: 'basic', username: 'herald', password: SECRET_MASK });
  });
  it('every channel has a pattern list', () => {
    for (const channel of Object.keys(SETTINGS) as Channel[]) assert.ok(Array.isArray(secretPatterns(channel)));
  });
});

describe('restoreSecrets', () => {
  const stored = SETTINGS.webhook;
  const masked = maskSecrets('webhook', stored).settings;
  const cases: Array<[string, Channel, Record<string, unknown>, Record<string, unknown> | undefined, Record<string, unknown> | string[]]> = [
    ['what was read comes back as stored', 'webhook', masked, stored, stored],
    [
      'a new value replaces the secret, the mask keeps the other',
      'webhook',
      { ...masked, auth: { type: 'basic', username: 'herald', password: 'new-pw' } },
      stored,
      { ...stored, auth: { type: 'basic', username: 'herald', password: 'new-pw' } },
    ],
    ['a secret URL can be kept', 'slack', { url: SECRET_MASK, username: 'Other' }, SETTINGS.slack, { url: SETTINGS.slack.url as string, username: 'Other' }],
    ['a mask with nothing stored is refused', 'pagerduty', { routingKey: SECRET_MASK }, undefined, ['settings.routingKey']],
    ['a mask at a path that is not secret is refused', 'webhook', { ...masked, url: SECRET_MASK }, stored, ['settings.url']],
    [
      'a mask at an index that was not stored is refused',
      'webhook',
      { ...masked, signing: { secrets: [SECRET_MASK, SECRET_MASK, SECRET_MASK] } },
      stored,
      ['settings.signing.secrets.2'],
    ],
  ];
  for (const [name, channel, incoming, before, expected] of cases) {
    it(name, () => {
      const result = restoreSecrets(channel, incoming, before);
      if (Array.isArray(expected)) {
        assert.equal(result.ok, false);
        if (!result.ok) assert.deepEqual(result.problems.map((p) => p.path), expected);
      } else {
        assert.deepEqual(result, { ok: true, settings: expected });
      }
    });
  }
});

describe('ReceiverSpec', () => {
  const invalid: Array<[string, unknown, string]> = [
    ['id with a dot', { id: 'a.b', name: 'x', channel: 'slack', settings: SETTINGS.slack }, 'id'],
    ['unknown channel', { id: 'a', name: 'x', channel: 'fax', settings: {} }, 'channel'],
    ['settings field of the channel', { id: 'a', name: 'x', channel: 'pagerduty', settings: { routingKey: 'short' } }, 'settings.routingKey'],
    ['unknown settings field', { id: 'a', name: 'x', channel: 'slack', settings: { ...SETTINGS.slack, colour: 'red' } }, 'settings'],
    ['retry attempts over 20', { id: 'a', name: 'x', channel: 'slack', settings: SETTINGS.slack, retry: { maxAttempts: 21 } }, 'retry.maxAttempts'],
    ['rate limit not positive', { id: 'a', name: 'x', channel: 'slack', settings: SETTINGS.slack, rateLimit: { perMinute: 0 } }, 'rateLimit.perMinute'],
    ['concurrency over 256', { id: 'a', name: 'x', channel: 'slack', settings: SETTINGS.slack, concurrency: 1000 }, 'concurrency'],
    ['timeout of 0 s', { id: 'a', name: 'x', channel: 'slack', settings: SETTINGS.slack, timeoutSeconds: 0 }, 'timeoutSeconds'],
    ['timeout over 300 s', { id: 'a', name: 'x', channel: 'slack', settings: SETTINGS.slack, timeoutSeconds: 301 }, 'timeoutSeconds'],
    ['timeout not whole seconds', { id: 'a', name: 'x', channel: 'slack', settings: SETTINGS.slack, timeoutSeconds: 1.5 }, 'timeoutSeconds'],
    ['timeout as text', { id: 'a', name: 'x', channel: 'slack', settings: SETTINGS.slack, timeoutSeconds: '30' }, 'timeoutSeconds'],
    ['a CA bundle that is no PEM', { id: 'a', name: 'x', channel: 'slack', settings: SETTINGS.slack, tls: { ca: 'not a certificate' } }, 'tls.ca'],
    ['a PEM block that is no certificate', { id: 'a', name: 'x', channel: 'slack', settings: SETTINGS.slack, tls: { ca: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' } }, 'tls.ca'],
    ['SMTP username without password', { id: 'a', name: 'x', channel: 'email', settings: { ...SETTINGS.email, smtp: { host: 'mail.example.com', username: 'u' } } }, 'settings.smtp.password'],
    ['SMTP port out of range', { id: 'a', name: 'x', channel: 'email', settings: { ...SETTINGS.email, smtp: { host: 'mail.example.com', port: 70000 } } }, 'settings.smtp.port'],
  ];
  for (const [name, input, path] of invalid) {
    it(`names the field: ${name}`, () => {
      const result = ReceiverSpec.safeParse(input);
      assert.equal(result.success, false);
      assert.ok(result.error.issues.some((i) => i.path.join('.') === path), JSON.stringify(result.error.issues));
    });
  }
  it('settings problems never echo the value', () => {
    const result = ReceiverSpec.safeParse({ id: 'a', name: 'x', channel: 'pagerduty', settings: { routingKey: 'my-secret-key' } });
    assert.equal(JSON.stringify(result.error?.issues.map((i) => i.message)).includes('my-secret-key'), false);
  });
  it('seed 004\'s timeouts (30 s, 60 s) are accepted', () => {
    for (const timeoutSeconds of [30, 60]) assert.equal(ReceiverSpec.parse({ id: 'a', name: 'x', channel: 'slack', settings: SETTINGS.slack, timeoutSeconds }).timeoutSeconds, timeoutSeconds);
  });
  it('defaults: enabled, default retry policy, delivery settings left to the service defaults', () => {
    const r = ReceiverSpec.parse({ id: 'a', name: 'x', channel: 'slack', settings: SETTINGS.slack });
    assert.equal(r.enabled, true);
    assert.equal(r.retry.kind, 'exponential');
    assert.equal(r.rateLimit, undefined);
    assert.equal(r.concurrency, undefined);
  });
});

describe('referencable: what the file may give as …Env / …File', () => {
  const cases: Array<[Channel, string, boolean]> = [
    ['webhook', 'settings.auth.token', true],
    ['webhook', 'settings.headers.X-Api-Key', true],
    ['webhook', 'settings.signing.hmac.secret', true],
    ['webhook', 'settings.url', false],
    ['slack', 'settings.url', true],
    ['email', 'settings.smtp.password', true],
    ['email', 'settings.smtp.host', false],
    ['splunk', 'settings.token', true],
    ['teams', 'tls.ca', true],
    ['webhook', 'name', false],
  ];
  for (const [channel, path, expected] of cases) {
    it(`${channel} ${path}: ${expected}`, () => assert.equal(referencable(channel, path.split('.')), expected));
  }
});
