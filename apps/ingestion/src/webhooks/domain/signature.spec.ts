import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { standardWebhooksKey, verifySignature, type SignedRequest } from './signature.js';

const BODY = Buffer.from('{"action":"completed","workflow_run":{"id":1}}');
const SECRET = 'github-secret-0123456789';
const NOW = 1_714_564_800;
const hex = (key: string | Buffer, body: Buffer | string) => createHmac('sha256', key).update(body).digest('hex');
const request = (headers: Record<string, string>, rawBody: Buffer<ArrayBufferLike> = BODY): SignedRequest => ({ rawBody, headers, nowSeconds: NOW, toleranceSeconds: 300 });

describe('signature verification', () => {
  describe('GitHub X-Hub-Signature-256', () => {
    const cases: Array<[string, Record<string, string>, Buffer<ArrayBufferLike>, boolean]> = [
      ['a correct signature', { 'x-hub-signature-256': `sha256=${hex(SECRET, BODY)}` }, BODY, true],
      ['upper-case hex', { 'x-hub-signature-256': `sha256=${hex(SECRET, BODY).toUpperCase()}` }, BODY, true],
      ['a changed body', { 'x-hub-signature-256': `sha256=${hex(SECRET, BODY)}` }, Buffer.from(`${BODY.toString()} `), false],
      ['another secret', { 'x-hub-signature-256': `sha256=${hex('other-secret-0123456', BODY)}` }, BODY, false],
      ['the SHA-1 header only', { 'x-hub-signature': `sha1=${createHmac('sha1', SECRET).update(BODY).digest('hex')}` }, BODY, false],
      ['no prefix', { 'x-hub-signature-256': hex(SECRET, BODY) }, BODY, false],
      ['a short value', { 'x-hub-signature-256': 'sha256=abcd' }, BODY, false],
      ['no header', {}, BODY, false],
    ];
    for (const [name, headers, body, ok] of cases) {
      it(`${ok ? 'accepts' : 'refuses'} ${name}`, () => assert.equal(verifySignature('github', SECRET, request(headers, body)).ok, ok));
    }
  });

  describe('Sentry-Hook-Signature', () => {
    const cases: Array<[string, Record<string, string>, boolean]> = [
      ['a correct signature', { 'sentry-hook-signature': hex(SECRET, BODY) }, true],
      ['a GitHub-style prefix', { 'sentry-hook-signature': `sha256=${hex(SECRET, BODY)}` }, false],
      ['a wrong signature', { 'sentry-hook-signature': hex(SECRET, 'other') }, false],
      ['no header', {}, false],
    ];
    for (const [name, headers, ok] of cases) {
      it(`${ok ? 'accepts' : 'refuses'} ${name}`, () => assert.equal(verifySignature('sentry', SECRET, request(headers)).ok, ok));
    }
  });

  describe('Bitbucket X-Hub-Signature', () => {
    const cases: Array<[string, Record<string, string>, boolean]> = [
      ['a correct sha256 signature', { 'x-hub-signature': `sha256=${hex(SECRET, BODY)}` }, true],
      ["GitHub's header name", { 'x-hub-signature-256': `sha256=${hex(SECRET, BODY)}` }, false],
      ['a SHA-1 signature', { 'x-hub-signature': `sha1=${createHmac('sha1', SECRET).update(BODY).digest('hex')}` }, false],
      ['no header', {}, false],
    ];
    for (const [name, headers, ok] of cases) {
      it(`${ok ? 'accepts' : 'refuses'} ${name}`, () => assert.equal(verifySignature('bitbucket', SECRET, request(headers)).ok, ok));
    }
  });

  describe('Grafana X-Grafana-Alerting-Signature', () => {
    const ts = String(NOW);
    const cases: Array<[string, Record<string, string>, boolean]> = [
      ['a signature of the body (no timestamp header configured)', { 'x-grafana-alerting-signature': hex(SECRET, BODY) }, true],
      ['a signature of "<timestamp>:<body>"', { 'x-grafana-alerting-signature': hex(SECRET, `${ts}:${BODY.toString()}`), 'x-grafana-alerting-signature-timestamp': ts }, true],
      ['the other timestamp header name', { 'x-grafana-alerting-signature': hex(SECRET, `${ts}:${BODY.toString()}`), 'x-grafana-alerting-timestamp': ts }, true],
      ['a body-only signature when a timestamp was sent', { 'x-grafana-alerting-signature': hex(SECRET, BODY), 'x-grafana-alerting-signature-timestamp': ts }, false],
      ['a stale timestamp', { 'x-grafana-alerting-signature': hex(SECRET, `${NOW - 301}:${BODY.toString()}`), 'x-grafana-alerting-signature-timestamp': String(NOW - 301) }, false],
      ['a sha256= prefix', { 'x-grafana-alerting-signature': `sha256=${hex(SECRET, BODY)}` }, false],
      ['no header', {}, false],
    ];
    for (const [name, headers, ok] of cases) {
      it(`${ok ? 'accepts' : 'refuses'} ${name}`, () => assert.equal(verifySignature('grafana', SECRET, request(headers)).ok, ok));
    }
  });

  describe('STET X-STET-Signature', () => {
    const ts = String(NOW);
    // As the seed's script signs: printf "$RESPONSE$TIMESTAMP" | openssl dgst -sha256 -hmac "$SECRET".
    const cases: Array<[string, Record<string, string>, boolean]> = [
      ['a signature of "<body><timestamp>"', { 'x-stet-signature': hex(SECRET, `${BODY.toString()}${ts}`), 'x-stet-timestamp': ts }, true],
      ['a signature of the body alone', { 'x-stet-signature': hex(SECRET, BODY), 'x-stet-timestamp': ts }, false],
      ['no timestamp', { 'x-stet-signature': hex(SECRET, BODY) }, false],
      ['a stale timestamp', { 'x-stet-signature': hex(SECRET, `${BODY.toString()}${NOW - 301}`), 'x-stet-timestamp': String(NOW - 301) }, false],
    ];
    for (const [name, headers, ok] of cases) {
      it(`${ok ? 'accepts' : 'refuses'} ${name}`, () => assert.equal(verifySignature('stet', SECRET, request(headers)).ok, ok));
    }
  });

  describe('Standard Webhooks', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    // Signed by the reference implementation, not by the code under test.
    const signed = (id: string, at: number, body = BODY) => ({
      'webhook-id': id,
      'webhook-timestamp': String(at),
      'webhook-signature': new Webhook(secret).sign(id, new Date(at * 1_000), body.toString()),
    });
    const cases: Array<[string, Record<string, string>, boolean]> = [
      ['a correct signature', signed('msg_1', NOW), true],
      ['a timestamp within the tolerance', signed('msg_1', NOW - 299), true],
      ['one of several signatures (rotation)', { ...signed('msg_1', NOW), 'webhook-signature': `v1,AAAA ${signed('msg_1', NOW)['webhook-signature']}` }, true],
      ['a stale timestamp', signed('msg_1', NOW - 301), false],
      ['a future timestamp', signed('msg_1', NOW + 301), false],
      ['another id than was signed', { ...signed('msg_1', NOW), 'webhook-id': 'msg_2' }, false],
      ['another timestamp than was signed', { ...signed('msg_1', NOW), 'webhook-timestamp': String(NOW + 1) }, false],
      ['an unknown version', { ...signed('msg_1', NOW), 'webhook-signature': signed('msg_1', NOW)['webhook-signature'].replace('v1,', 'v2,') }, false],
      ['a non-numeric timestamp', { ...signed('msg_1', NOW), 'webhook-timestamp': 'soon' }, false],
      ['missing headers', { 'webhook-id': 'msg_1' }, false],
    ];
    for (const [name, headers, ok] of cases) {
      it(`${ok ? 'accepts' : 'refuses'} ${name}`, () => assert.equal(verifySignature('standard-webhooks', secret, request(headers)).ok, ok));
    }

    it('refuses a changed body', () => {
      assert.equal(verifySignature('standard-webhooks', secret, request(signed('msg_1', NOW), Buffer.from('{}'))).ok, false);
    });

    it('reads whsec_ secrets as base64 and any other secret as its bytes', () => {
      assert.deepEqual(standardWebhooksKey('whsec_AAEC'), Buffer.from([0, 1, 2]));
      assert.deepEqual(standardWebhooksKey('plain-secret'), Buffer.from('plain-secret'));
    });
  });

  it('says why a signature was refused', () => {
    assert.deepEqual(verifySignature('github', SECRET, request({})), { ok: false, reason: 'missing x-hub-signature-256 header' });
  });
});
