import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import {
  formatSecret,
  legacySignature,
  secretProblem,
  signV1,
  standardWebhookHeaders,
  verifyStandardWebhook,
  WebhookSecret,
} from './standard-webhooks.js';

const key = (fill: number, length = 32) => new Uint8Array(length).fill(fill);
const SECRET_A = formatSecret(key(1));
const SECRET_B = formatSecret(key(2, 48));
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The spec's published example (standardwebhooks.com, "Signature scheme"). */
const SPEC_EXAMPLE = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

describe('standard webhooks signing', () => {
  it('reproduces the signature from the specification', () => {
    const { secret, id, timestamp, body, signature } = SPEC_EXAMPLE;
    assert.equal(signV1(secret, id, timestamp, body), signature);
  });

  it('is verified by the independent standardwebhooks library', () => {
    const timestamp = nowSeconds();
    const body = JSON.stringify({ type: 'incident.triggered', data: { summary: 'ünïcødé 🔥 "q"' } });
    const headers = standardWebhookHeaders('evt_1.ops', timestamp, body, [SECRET_A]);
    const verified = new Webhook(SECRET_A).verify(body, { ...headers }) as { type: string };
    assert.equal(verified.type, 'incident.triggered');
  });

  it('signs with every secret during a rotation; each verifies on its own', () => {
    const timestamp = nowSeconds();
    const body = '{"a":1}';
    const headers = standardWebhookHeaders('msg_rot', timestamp, body, [SECRET_A, SECRET_B]);
    const parts = headers['webhook-signature']!.split(' ');
    assert.equal(parts.length, 2);
    assert.ok(parts.every((p) => p.startsWith('v1,')));
    for (const secret of [SECRET_A, SECRET_B]) {
      assert.doesNotThrow(() => new Webhook(secret).verify(body, { ...headers }));
    }
    const stranger = formatSecret(key(9));
    assert.throws(() => new Webhook(stranger).verify(body, { ...headers }));
  });

  it('fails verification when body, id or timestamp change', () => {
    const timestamp = nowSeconds();
    const body = '{"a":1}';
    const headers = { ...standardWebhookHeaders('msg_x', timestamp, body, [SECRET_A]) };
    const tampered = [
      { body: '{"a":2}', headers },
      { body, headers: { ...headers, 'webhook-id': 'msg_y' } },
      { body, headers: { ...headers, 'webhook-timestamp': String(timestamp + 1) } },
    ];
    for (const t of tampered) assert.throws(() => new Webhook(SECRET_A).verify(t.body, t.headers));
  });

  it('agrees with the library for arbitrary bodies and ids', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.stringMatching(/^[A-Za-z0-9_.-]{1,40}$/), (text, id) => {
        const body = JSON.stringify({ text });
        const timestamp = nowSeconds();
        const headers = standardWebhookHeaders(id, timestamp, body, [SECRET_A]);
        assert.equal(
          headers['webhook-signature'],
          new Webhook(SECRET_A).sign(id, new Date(timestamp * 1000), body),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('sends id and timestamp but no signature without secrets', () => {
    assert.deepEqual(standardWebhookHeaders('m', 10, '{}', []), { 'webhook-id': 'm', 'webhook-timestamp': '10' });
    assert.throws(() => standardWebhookHeaders('m', 1.5, '{}', []), { code: 'CONFIG_INVALID' } as object);
  });

  it('computes the legacy X-Webhook-Signature as hex HMAC of the body', () => {
    const body = '{"a":1}';
    const expected = createHmac('sha256', 'legacy-secret-123').update(body).digest('hex');
    assert.equal(legacySignature('legacy-secret-123', body), `sha256=${expected}`);
  });
});

describe('secret validation', () => {
  const cases = [
    { secret: SECRET_A, ok: true },
    { secret: formatSecret(key(3, 64)), ok: true },
    { secret: SPEC_EXAMPLE.secret, ok: true },
    { secret: Buffer.from(key(1)).toString('base64'), ok: false },
    { secret: 'whsec_' + Buffer.from(key(1, 16)).toString('base64'), ok: false },
    { secret: 'whsec_' + Buffer.from(key(1, 65)).toString('base64'), ok: false },
    { secret: 'whsec_not base64!!', ok: false },
    { secret: 'whsec_', ok: false },
  ];
  for (const c of cases) {
    it(`${c.ok ? 'accepts' : 'refuses'} ${c.secret.slice(0, 16)}…`, () => {
      assert.equal(secretProblem(c.secret) === undefined, c.ok);
      const parsed = WebhookSecret.safeParse(c.secret);
      assert.equal(parsed.success, c.ok);
      if (!parsed.success) assert.ok(!JSON.stringify(parsed.error.issues).includes(c.secret.slice(6, 20) || '\u0000'));
    });
  }

  it('refuses to format keys outside 24..64 bytes', () => {
    assert.throws(() => formatSecret(key(1, 23)));
    assert.throws(() => formatSecret(key(1, 65)));
  });
});

describe('verifyStandardWebhook', () => {
  const body = '{"ok":true}';
  const headers = standardWebhookHeaders('msg_v', 1_000_000, body, [SECRET_B]);
  const cases = [
    { name: 'valid', args: { headers, now: 1_000_100 }, result: { ok: true } },
    { name: 'rotated secrets', args: { headers, now: 1_000_000, secrets: [SECRET_A, SECRET_B] }, result: { ok: true } },
    { name: 'too old', args: { headers, now: 1_000_301 }, result: { ok: false, reason: 'timestamp_out_of_tolerance' } },
    { name: 'from the future', args: { headers, now: 999_600 }, result: { ok: false, reason: 'timestamp_out_of_tolerance' } },
    { name: 'wrong secret', args: { headers, now: 1_000_000, secrets: [SECRET_A] }, result: { ok: false, reason: 'no_matching_signature' } },
    { name: 'missing header', args: { headers: { 'webhook-id': 'msg_v' }, now: 1_000_000 }, result: { ok: false, reason: 'missing_header' } },
    { name: 'bad timestamp', args: { headers: { ...headers, 'webhook-timestamp': '1e6' }, now: 1_000_000 }, result: { ok: false, reason: 'invalid_timestamp' } },
    { name: 'upper-case names', args: { headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v])), now: 1_000_000 }, result: { ok: true } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = verifyStandardWebhook({ body, secrets: [SECRET_B], ...c.args });
      assert.deepEqual(result, c.result);
    });
  }

  it('accepts what the library signs', () => {
    const ts = nowSeconds();
    const signature = new Webhook(SECRET_A).sign('msg_lib', new Date(ts * 1000), body);
    const result = verifyStandardWebhook({
      headers: { 'webhook-id': 'msg_lib', 'webhook-timestamp': String(ts), 'webhook-signature': `v1a,xyz ${signature}` },
      body,
      secrets: [SECRET_A],
      now: ts,
    });
    assert.deepEqual(result, { ok: true });
  });
});
