import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type pg from 'pg';
import { pino } from 'pino';
import type { CanonicalAlerts, SourceType } from '@herald/contracts';
import { JetStreamConnection, Topology } from '@herald/messaging';
import { allPaths, setPath, WIRE_SAMPLES } from '@herald/sources/testing';
import { HeraldStack, NATS_URL } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

/*
 * Property, against ingestion and incidents running on real NATS and
 * PostgreSQL: a body carrying arbitrary Unicode (NUL, unpaired surrogates, any code unit),
 * overlong strings or deep nesting, at any alert endpoint, is either
 * - accepted (2xx), and then every alert in it becomes part of an incident: nothing is
 *   dead-lettered, nothing is left unconsumed; or
 * - refused with a 4xx whose answer names the field (or the size), and nothing is published.
 */
const RUNS = Number(process.env.INGESTION_UNICODE_RUNS ?? 120);
const BODY_LIMIT = 262_144;
const keyOf = (id: string) => `uni-key-${id}-0123456789`;
const INTEGRATIONS = { generic: 'uni-generic', alertmanager: 'uni-alertmanager', prometheus: 'uni-prometheus', pagerduty: 'uni-pagerduty', opsgenie: 'uni-opsgenie', 'splunk-oncall': 'uni-splunk' } as const;
type Source = keyof typeof INTEGRATIONS;

/** A trigger each endpoint takes, and where it is posted. */
interface Endpoint {
  readonly source: Source;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  /** Alerts it carries (each becomes an incident or joins one). */
  readonly alerts: number;
}

function firstTrigger(source: SourceType): { body: unknown; alerts: number } {
  const sample = WIRE_SAMPLES[source].samples.find((s) => s.expect.length > 0 && s.expect.every((e) => e.action === 'trigger'))!;
  return { body: JSON.parse(sample.body) as unknown, alerts: sample.expect.length };
}

const ENDPOINTS: readonly Endpoint[] = [
  { source: 'generic', path: `/v1/webhooks/${INTEGRATIONS.generic}`, headers: { authorization: `Bearer ${keyOf(INTEGRATIONS.generic)}` }, ...firstTrigger('generic') },
  { source: 'alertmanager', path: `/v1/webhooks/${INTEGRATIONS.alertmanager}`, headers: { authorization: `Bearer ${keyOf(INTEGRATIONS.alertmanager)}` }, ...firstTrigger('alertmanager') },
  { source: 'prometheus', path: '/api/v2/alerts', headers: { authorization: `Bearer ${keyOf(INTEGRATIONS.prometheus)}` }, ...firstTrigger('prometheus') },
  (() => {
    const { body, alerts } = firstTrigger('pagerduty');
    return { source: 'pagerduty' as const, path: '/v2/enqueue', headers: {}, body: { ...(body as object), routing_key: keyOf(INTEGRATIONS.pagerduty) }, alerts };
  })(),
  { source: 'opsgenie', path: '/v2/alerts', headers: { authorization: `GenieKey ${keyOf(INTEGRATIONS.opsgenie)}` }, ...firstTrigger('opsgenie') },
  { source: 'splunk-oncall', path: `/integrations/generic/20131114/alert/${keyOf(INTEGRATIONS['splunk-oncall'])}/ops`, headers: {}, ...firstTrigger('splunk-oncall') },
];

/** Fields whose value decides whether (and how) an alert is an alert at all: changing them may rightly make it no alert. */
const DECIDING = /^(action|status|event_action|message_type|state|startsAt|endsAt|occurred_at|timestamp|routing_key|entity_state|version)$/;

/** Text made of any UTF-16 code units, with the troublesome ones made likely. */
const weirdText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udc00', '\udbff\u0000', '😀\ud83d', '\ufeff', '\u2028', 'ok'),
  fc.tuple(fc.string({ maxLength: 4 }), fc.constantFrom('\u0000', '\ud800', '\udfff')).map(([a, b]) => a + b),
);

type Mutation =
  | { kind: 'value'; path: string[]; text: string }
  | { kind: 'key'; path: string[]; text: string }
  | { kind: 'long'; path: string[]; length: number }
  | { kind: 'deep'; depth: number };

const DEEP = '\u0001deep-placeholder\u0001';

/** The body's JSON text, with the deep placeholder (if any) replaced by `depth` nested objects. */
function bodyText(body: unknown, mutations: readonly Mutation[]): string {
  const text = JSON.stringify(body);
  // The last one: every deep mutation sets the same placeholder, so only the last counts (see `effective`).
  const deep = mutations.findLast((m) => m.kind === 'deep');
  return deep ? text.replaceAll(JSON.stringify(DEEP), `${'{"d":'.repeat(deep.depth)}"leaf"${'}'.repeat(deep.depth)}`) : text;
}

function mutation(endpoint: Endpoint): fc.Arbitrary<Mutation> {
  const paths = allPaths(endpoint.body);
  const get = (path: string[]): unknown => path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], endpoint.body);
  const texts = paths.filter((p) => typeof get(p) === 'string' && !DECIDING.test(p[p.length - 1]!));
  const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);
  const objects = [...(isObject(endpoint.body) ? [[]] : []), ...paths.filter((p) => isObject(get(p)))];
  return fc.oneof(
    { weight: 5, arbitrary: fc.tuple(fc.constantFrom(...texts), weirdText).map(([path, text]): Mutation => ({ kind: 'value', path, text })) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...objects), weirdText).map(([path, text]): Mutation => ({ kind: 'key', path, text })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...texts), fc.constantFrom(2_000, 60_000, BODY_LIMIT + 1)).map(([path, length]): Mutation => ({ kind: 'long', path, length })) },
    { weight: 1, arbitrary: fc.constantFrom(5, 60, 70, 10_000).map((depth): Mutation => ({ kind: 'deep', depth })) },
  );
}

function apply(body: unknown, m: Mutation): unknown {
  switch (m.kind) {
    case 'value':
      return setPath(body, m.path, `${m.text}`);
    case 'long':
      return setPath(body, m.path, 'y'.repeat(m.length));
    case 'key': {
      const parent = m.path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], body) as Record<string, unknown>;
      const widened = { ...parent, [`k${m.text}`]: 'v' };
      return m.path.length === 0 ? widened : setPath(body, m.path, widened);
    }
    case 'deep':
      // A placeholder, replaced in the JSON text: JSON.stringify itself cannot write 10,000 levels.
      return Array.isArray(body) ? body.map((item) => ({ ...(item as object), extra: DEEP })) : { ...(body as object), extra: DEEP };
  }
}

/** What the refusal must mention: the field's last path segment, or why there is no field. */
function mentioned(m: Mutation): RegExp {
  if (m.kind === 'deep') return /deeper than/;
  if (m.kind === 'key') return /has a key that/;
  return new RegExp(`${m.path[m.path.length - 1]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
}

/** The mutations still in the body: a value set twice keeps only the last, and so does the deep placeholder. */
function effective(mutations: readonly Mutation[]): Mutation[] {
  const sets = (m: Mutation): string | undefined => (m.kind === 'value' || m.kind === 'long' ? m.path.join('\u0001') : m.kind === 'deep' ? 'deep' : undefined);
  return mutations.filter((m, i) => sets(m) === undefined || !mutations.slice(i + 1).some((later) => sets(later) === sets(m)));
}

const unstorable = (text: string): boolean => text.includes('\u0000') || !text.isWellFormed();

describe('ingestion: arbitrary Unicode, overlong strings and deep nesting at every alert endpoint (property)', () => {
  let stack: HeraldStack;
  let nats: JetStreamConnection;
  let db: pg.Client;
  let topology: Topology;

  before(async () => {
    stack = await HeraldStack.start({
      services: ['ingestion', 'incidents'],
      env: { INGESTION_BODY_LIMIT_BYTES: String(BODY_LIMIT) },
      config: ['integrations:', ...Object.entries(INTEGRATIONS).map(([source, id]) => `  - { id: ${id}, name: ${id}, source: ${source}, key: ${keyOf(id)}, rateLimitPerMinute: 1000000 }`)].join('\n'),
    });
    nats = await JetStreamConnection.connect({ url: NATS_URL, name: 'herald-test-unicode', logger: pino({ level: 'silent' }) });
    topology = new Topology(stack.namespace);
    db = await stack.schemaClient('incidents');
  });

  after(async () => {
    await db?.end();
    await nats?.close();
    await stack?.stop();
    await stack?.cleanup();
  });

  const stored = async (stream: 'ALERTS' | 'DLQ'): Promise<number> => (await nats.jsm.streams.info(topology.stream(stream))).state.messages;
  const lastSeq = async (): Promise<number> => (await nats.jsm.streams.info(topology.stream('ALERTS'))).state.last_seq;
  /** Alerts in the ALERTS messages from..to (a message carries a request's alerts, or a chunk of them). */
  const alertsIn = async (from: number, to: number): Promise<number> => {
    let n = 0;
    for (let seq = from; seq <= to; seq += 1) n += (await nats.jsm.streams.getMessage(topology.stream('ALERTS'), { seq }))!.json<CanonicalAlerts>().alerts.length;
    return n;
  };
  const consumed = async (): Promise<number> => Number((await db.query('SELECT count(*)::int AS n FROM inbox')).rows[0].n);

  it('2xx: every alert becomes an incident; otherwise a 4xx naming the field, and nothing published', async () => {
    let expectedAlerts = 0;
    const statuses = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ENDPOINTS).chain((endpoint) => fc.tuple(fc.constant(endpoint), fc.array(mutation(endpoint), { minLength: 1, maxLength: 2 }))),
        async ([endpoint, all]) => {
          const body = all.reduce(apply, endpoint.body);
          const mutations = effective(all);
          const text = bodyText(body, mutations);
          const before = await lastSeq();
          const response = await fetch(stack.url('ingestion', endpoint.path), {
            method: 'POST',
            headers: { ...endpoint.headers, 'content-type': 'application/json' },
            body: new TextEncoder().encode(text),
          });
          const answer = await response.text();
          const published = await alertsIn(before + 1, await lastSeq());
          const context = `${endpoint.source} ${JSON.stringify(mutations).slice(0, 300)} -> ${response.status} ${answer.slice(0, 400)}`;
          statuses.set(`${endpoint.source} ${response.status}`, (statuses.get(`${endpoint.source} ${response.status}`) ?? 0) + 1);
          assert.ok(response.status < 500, context);
          if (response.status < 300) {
            // Normalised at the door: the request's alerts, on ALERTS (many to a message).
            assert.equal(published, answer.includes('"duplicate":true') ? 0 : endpoint.alerts, context);
            expectedAlerts += published;
            // Anything PostgreSQL cannot store, or nested too deep to serialise, must have been refused.
            assert.ok(!mutations.some((m) => ((m.kind === 'value' || m.kind === 'key') && unstorable(m.text)) || (m.kind === 'deep' && m.depth > 64)), `accepted what it cannot keep: ${context}`);
            return;
          }
          assert.equal(published, 0, `a refusal published: ${context}`);
          if (mutations.some((m) => m.kind === 'long' && m.length > BODY_LIMIT)) {
            assert.equal(response.status, 413, context);
            assert.match(answer, /too large/i, context);
            return;
          }
          const culprits = mutations.filter((m) => ((m.kind === 'value' || m.kind === 'key') && unstorable(m.text)) || (m.kind === 'deep' && m.depth > 60));
          if (culprits.length > 0) {
            assert.equal(response.status, 400, context);
            assert.ok(culprits.some((m) => mentioned(m).test(answer)), `the refusal names the field: ${context}`);
          } else {
            // Refused for another reason (a field the source's schema limits): it names its own field.
            assert.match(answer, /"(errors|message)":/, context);
          }
        },
      ),
      { numRuns: RUNS },
    ).catch((error: Error) => {
      // fast-check keeps the failed assertion in `cause`, which the test runner does not print.
      throw new Error(`${error.message}\n${String(error.cause)}`);
    });
    await waitFor(async () => (await consumed()) >= expectedAlerts, `all ${expectedAlerts} accepted alerts to reach an incident`, 60_000, 200);
    assert.equal(await consumed(), expectedAlerts, 'each accepted alert consumed once');
    assert.equal(await stored('DLQ'), 0, 'nothing dead-lettered');
    const { rows } = await db.query('SELECT coalesce(sum(alert_count), 0)::int AS n FROM incidents');
    assert.equal(rows[0].n, expectedAlerts, 'every accepted alert counted in an incident');
    // Both sides reached at every endpoint.
    for (const endpoint of ENDPOINTS) {
      const seen = [...statuses.keys()].filter((k) => k.startsWith(`${endpoint.source} `)).map((k) => Number(k.split(' ')[1]));
      assert.ok(seen.some((s) => s < 300) && seen.some((s) => s >= 400), `${endpoint.source}: accepted and refused both seen (${seen.join(',')})`);
    }
  });
});
