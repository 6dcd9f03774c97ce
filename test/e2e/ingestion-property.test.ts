import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { pino } from 'pino';
import { Webhook } from 'standardwebhooks';
import { SOURCE_TYPES, type SourceType } from '@herald/contracts';
import { JetStreamConnection, Topology } from '@herald/messaging';
import { allPaths, DELETE, SAMPLES, setPath } from '@herald/sources/testing';
import { HeraldStack, metricValue, NATS_URL } from '../support/stack.js';

/*
 * Property: whatever is thrown at any endpoint of a running ingestion (real NATS and
 * PostgreSQL), it never answers 5xx, and a refused request publishes nothing: the ALERTS
 * stream grows by the canonical alerts of an accepted request (all of that request: one
 * `rawId`, at least one unless its body means no alert) and by none for a refused one.
 * Requests are sent one at a time so each can be accounted for.
 */
const RUNS = Number(process.env.INGESTION_PROPERTY_RUNS ?? 400);
const ADMIN = 'fuzz-admin-token-0123456789';
const BODY_LIMIT = 16_384;
const SIGNING_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const keyOf = (id: string) => `fuzz-key-${id}-0123456789`;
const SOURCE_IDS = Object.fromEntries(SOURCE_TYPES.map((s) => [s, `fz-${s}`])) as Record<SourceType, string>;
const SPECIAL = { disabled: 'fz-disabled', signed: 'fz-signed', limited: 'fz-limited' } as const;

interface FuzzRequest {
  readonly label: string;
  readonly method: 'POST' | 'GET' | 'PATCH';
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
}

/** A realistic sample with one value replaced by arbitrary JSON or deleted, sometimes two. */
function mutated(source: SourceType): fc.Arbitrary<unknown> {
  const samples = SAMPLES[source];
  return fc.constantFrom(...samples).chain((sample) => {
    const paths = allPaths(sample);
    if (paths.length === 0) return fc.constant(sample);
    const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(DELETE), fc.constantFrom<unknown>('', null, 0, -1, '__proto__', 'x'.repeat(3_000)));
    return fc
      .array(fc.tuple(fc.constantFrom(...paths), value), { minLength: 0, maxLength: 2 })
      .map((changes) => changes.reduce<unknown>((body, [path, v]) => setPath(body, path, v), sample));
  });
}

const jsonBody = (source: SourceType): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    { weight: 6, arbitrary: mutated(source).map((b) => JSON.stringify(b)) },
    { weight: 1, arbitrary: fc.jsonValue().map((b) => JSON.stringify(b)) },
    { weight: 1, arbitrary: fc.constantFrom(...SOURCE_TYPES).chain(mutated).map((b) => JSON.stringify(b)) },
    { weight: 1, arbitrary: fc.oneof(fc.string(), fc.constantFrom('{', '[1,', '{"__proto__":{"x":1}}', 'null', '')) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant(JSON.stringify({ pad: 'x'.repeat(BODY_LIMIT) })) },
  );

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'text/plain; charset=UTF-8',
      'application/x-www-form-urlencoded',
      'application/xml',
      'multipart/form-data; boundary=x',
      'application/json; charset=utf-16',
      'APPLICATION/JSON',
      '',
    ),
  },
);

function auth(key: string): fc.Arbitrary<Record<string, string>> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant({ authorization: `Bearer ${key}` }) },
    { weight: 1, arbitrary: fc.constant({ 'x-webhook-secret': key }) },
    { weight: 1, arbitrary: fc.constant({ authorization: `Basic ${Buffer.from(`herald:${key}`).toString('base64')}` }) },
    { weight: 1, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((s) => ({ authorization: `Bearer ${s.replace(/\s/g, '') || 'x'}` })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((s) => ({ authorization: s.replace(/[^\x20-\x7e]/g, '') })) },
  );
}

const idempotency = fc.oneof(
  { weight: 8, arbitrary: fc.constant({}) },
  { weight: 1, arbitrary: fc.uuid().map((k) => ({ 'idempotency-key': k })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }).map((k) => ({ 'idempotency-key': `bad key ${k.replace(/[^\x20-\x7e]/g, '')}` })) },
);

function withBody(headers: Record<string, string>, type: string, body: string | undefined): Record<string, string> {
  return body === undefined || type === '' ? headers : { ...headers, 'content-type': type };
}

const webhookRequest: fc.Arbitrary<FuzzRequest> = fc
  .tuple(fc.constantFrom(...SOURCE_TYPES), contentType, idempotency)
  .chain(([source, type, idem]) =>
    fc.tuple(jsonBody(source), auth(keyOf(SOURCE_IDS[source]))).map(([body, headers]) => ({
      label: `webhook ${source}`,
      method: 'POST' as const,
      path: `/v1/webhooks/${SOURCE_IDS[source]}`,
      headers: withBody({ ...headers, ...idem }, type, body),
      body,
    })),
  );

const specialRequest: fc.Arbitrary<FuzzRequest> = fc
  .tuple(fc.constantFrom(...Object.values(SPECIAL)), jsonBody('generic'), fc.boolean(), fc.uuid())
  .map(([id, body, signCorrectly, msgId]) => {
    const headers: Record<string, string> = { authorization: `Bearer ${keyOf(id)}` };
    if (id === SPECIAL.signed) {
      const at = new Date();
      headers['webhook-id'] = msgId;
      headers['webhook-timestamp'] = String(Math.floor(at.getTime() / 1_000));
      headers['webhook-signature'] = new Webhook(SIGNING_SECRET).sign(msgId, at, signCorrectly ? (body ?? '') : `${body ?? ''} `);
    }
    return { label: `webhook ${id}`, method: 'POST' as const, path: `/v1/webhooks/${id}`, headers: withBody(headers, 'application/json', body), body };
  });

const unknownIntegration: fc.Arbitrary<FuzzRequest> = fc
  .tuple(fc.string({ minLength: 1, maxLength: 80 }), jsonBody('generic'))
  .map(([id, body]) => ({
    label: 'webhook unknown',
    method: 'POST' as const,
    path: `/v1/webhooks/${encodeURIComponent(id)}`,
    headers: withBody({ authorization: `Bearer ${keyOf('fz-generic')}` }, 'application/json', body),
    body,
  }));

const prometheusRequest: fc.Arbitrary<FuzzRequest> = fc
  .tuple(jsonBody('prometheus'), auth(keyOf(SOURCE_IDS.prometheus)), contentType)
  .map(([body, headers, type]) => ({ label: 'prometheus', method: 'POST' as const, path: '/api/v2/alerts', headers: withBody(headers, type, body), body }));

/** PagerDuty events carry their key in the body: a right one most of the time. */
const pagerDutyRequest: fc.Arbitrary<FuzzRequest> = fc
  .tuple(
    mutated('pagerduty'),
    fc.oneof(
      { weight: 6, arbitrary: fc.constant<unknown>(keyOf(SOURCE_IDS.pagerduty)) },
      { weight: 1, arbitrary: fc.constant<unknown>(keyOf(SOURCE_IDS.generic)) },
      { weight: 1, arbitrary: fc.jsonValue() },
      { weight: 1, arbitrary: fc.constant<unknown>(DELETE) },
    ),
    contentType,
  )
  .map(([event, routingKey, type]) => {
    const body = JSON.stringify(typeof event === 'object' && event !== null && !Array.isArray(event) ? setPath(event, ['routing_key'], routingKey) : event);
    return { label: 'pagerduty', method: 'POST' as const, path: '/v2/enqueue', headers: withBody({}, type, body), body };
  });

const adminRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  fc
    .oneof(
      fc.jsonValue(),
      fc.record({ name: fc.string(), source: fc.oneof(fc.constantFrom(...SOURCE_TYPES), fc.string()), rateLimitPerMinute: fc.integer() }, { requiredKeys: [] }),
    )
    .map((body) => ({
      label: 'admin create',
      method: 'POST' as const,
      path: '/v1/integrations',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })),
  fc.tuple(fc.constantFrom(...Object.values(SOURCE_IDS), 'nope'), fc.jsonValue()).map(([id, body]) => ({
    label: 'admin patch',
    method: 'PATCH' as const,
    path: `/v1/integrations/${id}`,
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })),
  fc.string({ maxLength: 30 }).map((id) => ({ label: 'admin show', method: 'GET' as const, path: `/v1/integrations/${encodeURIComponent(id)}`, headers: {}, body: undefined })),
);

const anyRequest = fc.oneof(
  { weight: 10, arbitrary: webhookRequest },
  { weight: 2, arbitrary: specialRequest },
  { weight: 1, arbitrary: unknownIntegration },
  { weight: 3, arbitrary: prometheusRequest },
  { weight: 3, arbitrary: pagerDutyRequest },
  { weight: 1, arbitrary: adminRequest },
);

describe('ingestion under arbitrary input (property)', () => {
  let stack: HeraldStack;
  let nats: JetStreamConnection;
  let stream: string;

  before(async () => {
    const integration = (id: string, source: SourceType, extra = '') =>
      `  - { id: ${id}, name: ${id}, source: ${source}, key: ${keyOf(id)}, rateLimitPerMinute: ${id === SPECIAL.limited ? 1 : 1000000}${extra} }`;
    stack = await HeraldStack.start({
      services: ['ingestion'],
      // An SNS confirmation sample must not send Herald to amazonaws.com.
      env: { HERALD_ADMIN_TOKEN: ADMIN, INGESTION_BODY_LIMIT_BYTES: String(BODY_LIMIT), INGESTION_SNS_AUTO_CONFIRM: 'false' },
      config: [
        'integrations:',
        ...SOURCE_TYPES.map((s) => integration(SOURCE_IDS[s], s)),
        integration(SPECIAL.disabled, 'generic', ', enabled: false'),
        integration(SPECIAL.signed, 'generic', `, signingSecret: ${SIGNING_SECRET}`),
        integration(SPECIAL.limited, 'generic'),
      ].join('\n'),
    });
    nats = await JetStreamConnection.connect({ url: NATS_URL, name: 'herald-test-property', logger: pino({ level: 'silent' }) });
    stream = new Topology(stack.namespace).stream('ALERTS');
  });

  after(async () => {
    await nats?.close();
    await stack?.stop();
    await stack?.cleanup();
  });

  const stored = async (): Promise<number> => (await nats.jsm.streams.info(stream)).state.last_seq;
  const rawIds = async (from: number, to: number): Promise<Set<string>> => {
    const ids = new Set<string>();
    for (let seq = from; seq <= to; seq += 1) {
      for (const alert of (await nats.jsm.streams.getMessage(stream, { seq }))!.json<{ alerts: Array<{ rawId: string }> }>().alerts) ids.add(alert.rawId);
    }
    return ids;
  };
  const withoutAlerts = async (): Promise<number> => {
    const metrics = await stack.metrics('ingestion');
    return SOURCE_TYPES.reduce((n, source) => n + metricValue(metrics, 'herald_raw_alerts_without_alerts_total', { source }), 0);
  };

  it('never answers 5xx and publishes the alerts of each accepted request, nothing for a refused one', async () => {
    const seen = new Map<string, Set<number>>();
    await fc.assert(
      fc.asyncProperty(anyRequest, async (request) => {
        const before = await stored();
        const emptyBefore = await withoutAlerts();
        const response = await fetch(stack.url('ingestion', request.path), {
          method: request.method,
          headers: request.headers,
          // Bytes, not a string: fetch would add a text/plain content type of its own.
          ...(request.body === undefined ? {} : { body: new TextEncoder().encode(request.body) }),
        });
        const text = await response.text();
        const after = await stored();
        const family = request.label.split(' ')[0]!;
        seen.set(family, (seen.get(family) ?? new Set()).add(response.status));
        const context = `${request.method} ${request.path} -> ${response.status} ${text.slice(0, 300)}`;
        assert.ok(response.status < 500, context);
        const accepted = response.status >= 200 && response.status < 300 && family !== 'admin';
        const duplicate = accepted && text.includes('"duplicate":true');
        if (!accepted || duplicate) assert.equal(after - before, 0, `stream grew by ${after - before}: ${context}`);
        else if (after === before) assert.equal(await withoutAlerts(), emptyBefore + 1, `accepted, no alert, and not counted as a body without alerts: ${context}`);
        else {
          const ids = await rawIds(before + 1, after);
          assert.equal(ids.size, 1, `the new alerts come from one request: ${context}`);
          const id = /"id":"([^"]+)"/.exec(text)?.[1];
          if (id !== undefined) assert.ok(ids.has(id), `the alerts carry the request's id: ${context}`);
        }
        if (response.status >= 400) assert.match(text, /"(error|status)":/, `a refusal says why: ${context}`);
      }),
      { numRuns: RUNS },
    );
    // The property means something only if both sides were reached, at every kind of endpoint.
    const all = new Set([...seen.values()].flatMap((s) => [...s]));
    for (const status of [200, 202, 400, 401, 403, 404, 413, 415, 429]) assert.ok(all.has(status), `no request was answered ${status}: ${JSON.stringify([...all])}`);
    for (const family of ['webhook', 'prometheus', 'pagerduty']) {
      const statuses = [...(seen.get(family) ?? [])];
      assert.ok(statuses.some((s) => s < 300), `${family}: something was accepted (${statuses.join(',')})`);
      assert.ok(statuses.some((s) => s >= 400), `${family}: something was refused (${statuses.join(',')})`);
    }
  });
});
