import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { idempotencyKeyOf } from './idempotency.js';

describe('idempotency keys', () => {
  const cases: Array<[string, Parameters<typeof idempotencyKeyOf>[0], Record<string, string>, string | undefined]> = [
    ['the client header', 'generic', { 'idempotency-key': 'retry-1' }, 'retry-1'],
    ['the client header over every tool id', 'github', { 'idempotency-key': 'k', 'x-github-delivery': 'd', 'webhook-id': 'w' }, 'k'],
    ['a Standard Webhooks id', 'generic', { 'webhook-id': 'msg_2x' }, 'webhook-id:msg_2x'],
    ["GitHub's delivery id", 'github', { 'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958' }, 'x-github-delivery:72d3162e-cc78-11e3-81ab-4c9367dc0958'],
    ["Sentry's request id", 'sentry', { 'request-id': 'abc' }, 'request-id:abc'],
    ["SNS's message id", 'cloudwatch', { 'x-amz-sns-message-id': 'm-1' }, 'x-amz-sns-message-id:m-1'],
    ["another source's id header is not this source's id", 'alertmanager', { 'x-github-delivery': 'd', 'request-id': 'r' }, undefined],
    ['a malformed tool id is ignored', 'github', { 'x-github-delivery': 'has space' }, undefined],
    ['nothing', 'generic', {}, undefined],
  ];
  for (const [name, source, headers, key] of cases) {
    it(`uses ${name}`, () => assert.deepEqual(idempotencyKeyOf(source, headers), { ok: true, key }));
  }

  it('refuses a malformed client key, naming the header', () => {
    for (const bad of ['', 'has space', 'x'.repeat(201), 'é']) {
      assert.deepEqual(idempotencyKeyOf('generic', { 'idempotency-key': bad }), {
        ok: false,
        errors: [{ path: 'headers.idempotency-key', message: 'must be 1 to 200 visible ASCII characters' }],
      });
    }
  });
});
