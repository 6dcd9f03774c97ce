import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RenderedRequest } from '../../channels/index.js';
import { LOGGED_BODY_CHARS, requestRecord, responseHeadersRecord, secretHeaderNames } from './request-record.js';

const http = (overrides: Partial<RenderedRequest> = {}): RenderedRequest => ({
  kind: 'http',
  method: 'POST',
  url: 'https://hooks.example.com/in',
  headers: { 'content-type': 'application/json' },
  body: '{"a":1}',
  ...overrides,
});

describe('requestRecord: no secret reaches the delivery log', () => {
  it('webhook: Authorization (OAuth2 bearer added by the sender) is redacted', () => {
    const r = requestRecord('webhook', http({ headers: { authorization: 'Bearer s3cr3t', 'content-type': 'application/json' } }), { url: 'https://x' });
    assert.equal(r.kind, 'http');
    assert.ok(r.kind === 'http' && r.headers['authorization'] === '[redacted]');
    assert.doesNotMatch(JSON.stringify(r), /s3cr3t/);
  });
  it('webhook: a custom api-key header name and every custom header value are redacted', () => {
    const settings = { url: 'https://x', auth: { type: 'api-key', header: 'X-Herald-Key', value: 'k-123' }, headers: { 'X-Tenant-Token': 'tt-456' } };
    const r = requestRecord('webhook', http({ headers: { 'x-herald-key': 'k-123', 'x-tenant-token': 'tt-456', 'webhook-id': 'msg' } }), settings);
    assert.doesNotMatch(JSON.stringify(r), /k-123|tt-456/);
    assert.ok(r.kind === 'http' && r.headers['webhook-id'] === 'msg', 'non-secret headers stay');
  });
  it('slack: the webhook URL is the credential and only its origin is kept', () => {
    const r = requestRecord('slack', http({ url: 'https://hooks.slack.com/services/T000/B000/XXXXSECRET' }), {});
    assert.ok(r.kind === 'http');
    assert.doesNotMatch(r.url, /XXXXSECRET/);
    assert.match(r.url, /^https:\/\/hooks\.slack\.com\//);
  });
  it('pagerduty: the routing key in the body is redacted', () => {
    const r = requestRecord('pagerduty', http({ body: JSON.stringify({ routing_key: 'R0UTINGKEY', event_action: 'trigger' }) }), {});
    assert.ok(r.kind === 'http');
    assert.doesNotMatch(r.body, /R0UTINGKEY/);
    assert.match(r.body, /trigger/);
  });
  it('a long body is truncated and says so, with its real size', () => {
    const body = JSON.stringify({ x: 'y'.repeat(LOGGED_BODY_CHARS * 2) });
    const r = requestRecord('webhook', http({ body }), {});
    assert.ok(r.kind === 'http');
    assert.equal(r.body.length, LOGGED_BODY_CHARS);
    assert.equal(r.truncated, true);
    assert.equal(r.bodyBytes, Buffer.byteLength(body));
  });
  it('e-mail: recipients, subject and text are kept', () => {
    const r = requestRecord('email', { kind: 'email', to: ['a@example.com', 'b@example.com'], subject: 'S', text: 't', html: '<p>t</p>', from: 'h@example.com' }, {});
    assert.deepEqual(r, { kind: 'email', from: 'h@example.com', to: ['a@example.com', 'b@example.com'], subject: 'S', text: 't', truncated: false });
  });
});

describe('secretHeaderNames', () => {
  it('default api-key header and custom headers, lower-cased', () => {
    assert.deepEqual(secretHeaderNames({ auth: { type: 'api-key' }, headers: { 'X-A': '1' } }), ['x-api-key', 'x-a']);
    assert.deepEqual(secretHeaderNames(undefined), []);
  });
});

describe('responseHeadersRecord', () => {
  it('drops cookies and auth challenges, lower-cases names', () => {
    assert.deepEqual(responseHeadersRecord({ 'Set-Cookie': 'sid=1', 'www-authenticate': 'Bearer', 'Retry-After': '5' }), { 'retry-after': '5' });
  });
});
