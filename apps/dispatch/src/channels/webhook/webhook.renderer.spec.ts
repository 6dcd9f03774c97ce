import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { EVENT_TYPES, INCIDENT_ID, renderInput, SIGNING } from '../shared/testing.js';
import { formatSecret, legacySignature } from '../signing/standard-webhooks.js';
import { type RenderInput, type RenderedRequest, type SigningContext } from '../types.js';
import { WebhookConfig } from './webhook.config.js';
import { webhookRenderer } from './webhook.renderer.js';

const URL = 'https://hooks.example.com/herald';
const SECRET_OLD = formatSecret(new Uint8Array(32).fill(7));
const SECRET_NEW = formatSecret(new Uint8Array(32).fill(8));

function render(raw: unknown, input: RenderInput = renderInput('IncidentTriggered'), signing: SigningContext = SIGNING) {
  const request = webhookRenderer.render(input, WebhookConfig.parse(raw), signing) as RenderedRequest;
  return { request, body: JSON.parse(request.body) as Record<string, unknown> };
}

const fresh = (): SigningContext => ({ messageId: `${INCIDENT_ID}.hook`, timestamp: Math.floor(Date.now() / 1000) });

describe('webhook renderer: default payload', () => {
  it('sends the documented Herald payload for every event type', () => {
    for (const type of EVENT_TYPES) {
      const input = renderInput(type);
      const { request, body } = render({ url: URL }, input);
      assert.equal(request.url, URL);
      assert.equal(request.headers['content-type'], 'application/json');
      assert.deepEqual(Object.keys(body), ['version', 'type', 'timestamp', 'event', 'incident', 'receiver', 'alertReceivedAt']);
      assert.equal(body.version, 1);
      assert.match(body.type as string, /^incident\.[a-z_]+$/);
      assert.equal(body.timestamp, input.message.event.occurredAt);
      assert.deepEqual(body.event, input.message.event);
      assert.deepEqual(body.incident, { ...input.message.incident, url: `https://herald.example.com/incidents/${INCIDENT_ID}` });
      assert.deepEqual(body.receiver, { id: 'ops-hook', name: 'Ops on-call' });
    }
  });

  it('names event types in the payload', () => {
    const types = EVENT_TYPES.map((t) => render({ url: URL }, renderInput(t)).body.type);
    assert.deepEqual(types, [
      'incident.triggered',
      'incident.alert_deduplicated',
      'incident.severity_changed',
      'incident.acknowledged',
      'incident.resolved',
      'incident.reopened',
      'incident.flapping',
      'incident.stabilised',
      'incident.note_added',
      'incident.escalated',
    ]);
  });

  it('applies include and exclude rules', () => {
    const { body } = render({ url: URL, fields: { include: ['incident.id', 'incident.labels'], exclude: ['incident.labels.job'] } });
    assert.deepEqual(body, {
      version: 1,
      type: 'incident.triggered',
      incident: { id: INCIDENT_ID, labels: { alertname: 'DiskFull', instance: 'db-1:9100', team: 'storage' } },
    });
  });
});

describe('webhook renderer: signing', () => {
  it('signs the exact body; the standardwebhooks library verifies it', () => {
    const signing = fresh();
    const { request } = render({ url: URL, signing: { secrets: [SECRET_OLD] } }, renderInput('IncidentNoteAdded'), signing);
    assert.equal(request.headers['webhook-id'], signing.messageId);
    assert.equal(request.headers['webhook-timestamp'], String(signing.timestamp));
    assert.match(request.headers['webhook-signature']!, /^v1,[A-Za-z0-9+/]+=*$/);
    const verified = new Webhook(SECRET_OLD).verify(request.body, request.headers) as { type: string };
    assert.equal(verified.type, 'incident.note_added');
  });

  it('signs with both secrets during rotation', () => {
    const { request } = render({ url: URL, signing: { secrets: [SECRET_OLD, SECRET_NEW] } }, undefined, fresh());
    assert.equal(request.headers['webhook-signature']!.split(' ').length, 2);
    for (const secret of [SECRET_OLD, SECRET_NEW]) {
      assert.doesNotThrow(() => new Webhook(secret).verify(request.body, request.headers));
    }
  });

  it('signs custom template bodies too', () => {
    const { request } = render(
      { url: URL, template: '{"text": "{{headline}}"}', signing: { secrets: [SECRET_NEW] } },
      undefined,
      fresh(),
    );
    assert.deepEqual(new Webhook(SECRET_NEW).verify(request.body, request.headers), {
      text: '[CRITICAL] Triggered: Disk almost full on db-1',
    });
  });

  it('adds the legacy X-Webhook-Signature when asked', () => {
    const legacySecret = 'legacy-secret-0123456789';
    const { request } = render({ url: URL, signing: { secrets: [SECRET_OLD], legacySecret } });
    assert.equal(request.headers['x-webhook-signature'], legacySignature(legacySecret, request.body));
  });

  it('sends id and timestamp without a signature when unsigned', () => {
    const { request } = render({ url: URL });
    assert.equal(request.headers['webhook-id'], SIGNING.messageId);
    assert.equal(request.headers['webhook-signature'], undefined);
  });
});

describe('webhook renderer: headers and auth', () => {
  it('renders each auth type into headers', () => {
    const cases = [
      { auth: { type: 'none' }, headers: {} },
      { auth: { type: 'api-key', value: 'k1' }, headers: { 'x-api-key': 'k1' } },
      { auth: { type: 'api-key', header: 'X-Token', value: 'k2' }, headers: { 'x-token': 'k2' } },
      { auth: { type: 'bearer', token: 't0k' }, headers: { authorization: 'Bearer t0k' } },
      { auth: { type: 'basic', username: 'u', password: 'p:ä' }, headers: { authorization: `Basic ${Buffer.from('u:p:ä').toString('base64')}` } },
      {
        auth: { type: 'oauth2', tokenUrl: 'https://idp.example.com/token', clientId: 'c', clientSecret: 's' },
        headers: {},
      },
    ];
    for (const c of cases) {
      const { request } = render({ url: URL, auth: c.auth });
      const { 'content-type': _c, 'webhook-id': _i, 'webhook-timestamp': _t, ...rest } = request.headers;
      assert.deepEqual(rest, c.headers, c.auth.type);
    }
  });

  it('keeps secrets out of the URL and body', () => {
    const { request } = render({
      url: URL,
      auth: { type: 'bearer', token: 'TOPSECRET-token' },
      signing: { secrets: [SECRET_OLD], legacySecret: 'TOPSECRET-legacy-secret' },
    });
    for (const secret of ['TOPSECRET', SECRET_OLD.slice(6)]) {
      assert.ok(!request.url.includes(secret) && !request.body.includes(secret));
    }
  });

  it('adds custom headers, lower-cased', () => {
    const { request } = render({ url: URL, headers: { 'X-Team': 'storage', 'X-Env': 'prod' } });
    assert.equal(request.headers['x-team'], 'storage');
    assert.equal(request.headers['x-env'], 'prod');
  });

  it('refuses configs that would be unsafe or ambiguous', () => {
    const bad = [
      { url: 'file:///etc/passwd' },
      { url: 'https://user:pass@hooks.example.com/' },
      { url: URL, headers: { 'Webhook-Signature': 'v1,forged' } },
      { url: URL, headers: { 'Content-Type': 'text/plain' } },
      { url: URL, headers: { 'X-A': 'ok\r\nX-Injected: 1' } },
      { url: URL, headers: { 'bad name': 'x' } },
      { url: URL, headers: { 'X-A': '1', 'x-a': '2' } },
      { url: URL, headers: { Authorization: 'x' }, auth: { type: 'bearer', token: 't' } },
      { url: URL, template: '{"a": "{{summary}}"}', fields: { exclude: ['incident'] } },
      { url: URL, template: 'not json {{summary}}' },
      { url: URL, signing: { secrets: [] } },
      { url: URL, signing: { secrets: ['plain-secret'] } },
      { url: URL, signing: { secrets: [SECRET_OLD], legacySecret: 'short' } },
      { url: URL, auth: { type: 'basic', username: 'a:b', password: 'p' } },
      { url: URL, auth: { type: 'bearer', token: 'a\nb' } },
      { url: URL, auth: { type: 'api-key', header: 'Content-Type', value: 'text/html' } },
      { url: URL, auth: { type: 'api-key', header: 'webhook-signature', value: 'v1,forged' } },
      { url: URL, unknown: true },
    ];
    for (const raw of bad) assert.equal(WebhookConfig.safeParse(raw).success, false, JSON.stringify(raw));
  });

  it('never echoes a secret in validation errors', () => {
    const secret = 'whsec_c2hvcnQ=';
    const result = WebhookConfig.safeParse({ url: URL, signing: { secrets: [secret] } });
    assert.equal(result.success, false);
    assert.ok(!JSON.stringify(result.error).includes('c2hvcnQ'));
  });
});
