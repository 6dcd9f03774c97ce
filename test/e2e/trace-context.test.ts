import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { JetStreamConnection, Topology } from '@herald/messaging';
import { alertmanagerWebhook, postJson } from '../support/alerts.js';
import { HeraldStack, NATS_URL } from '../support/stack.js';
import { TestReceiver } from '../support/receiver.js';
import { waitFor } from '../support/wait.js';

const KEY = 'e2e-trace-context-key-0001';
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

/**
 * The correlation id and W3C trace a monitoring tool sends with its alert travel with it
 * through every service, passed explicitly from the request to the last delivery attempt:
 * the incident's event stores them, every outcome message on DELIVERIES carries them (each a
 * new span of the caller's trace), and dispatch's log line about a failed attempt names them.
 */
describe('trace context: from the alert request to every delivery attempt', () => {
  let stack: HeraldStack;
  let nats: JetStreamConnection;
  // The first attempt fails, so the job also goes through DISPATCH for its second.
  const receiver = new TestReceiver((_request, index) => ({ status: index === 0 ? 500 : 200 }));

  before(async () => {
    await receiver.start();
    stack = await HeraldStack.start({
      env: { DISPATCH_ALLOW_CIDRS: '127.0.0.0/8' },
      serviceEnv: { dispatch: { LOG_LEVEL: 'info' } },
      config: `
integrations:
  - { id: traced, name: Traced Alertmanager, source: alertmanager, key: ${KEY} }
dispatch:
  receivers:
    - id: traced-hook
      name: Traced hook
      channel: webhook
      settings: { url: ${receiver.url('/hook')} }
      retry: { kind: exponential, initialDelayMs: 200, multiplier: 2, maxDelayMs: 1000, maxAttempts: 3, jitter: 0 }
  route:
    receiver: traced-hook
`,
    });
    stack.capture('dispatch');
    nats = await JetStreamConnection.connect({ url: NATS_URL, name: 'herald-test-trace-context', logger: pino({ level: 'silent' }) });
  });

  after(async () => {
    await nats?.close();
    await stack?.stop();
    await stack?.cleanup();
    await receiver.stop();
  });

  it('stores them with the incident event, sends them on with every outcome, and logs them with a failed attempt', async () => {
    const response = await postJson(
      stack.url('ingestion', '/v1/webhooks/traced'),
      alertmanagerWebhook([{ labels: { alertname: 'Traced', instance: 'db-1' }, summary: 'traced alert' }]),
      { authorization: `Bearer ${KEY}`, 'x-correlation-id': 'e2e-trace-1', traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01` },
    );
    assert.equal(response.status, 202, JSON.stringify(response.body));
    await receiver.waitForCount(2);

    const db = await stack.schemaClient('incidents');
    try {
      const { rows } = await db.query<{ type: string; correlation_id: string; traceparent: string }>('SELECT type, correlation_id, traceparent FROM events');
      assert.equal(rows.length, 1, JSON.stringify(rows));
      assert.equal(rows[0]!.correlation_id, 'e2e-trace-1');
      const stored = TRACEPARENT.exec(rows[0]!.traceparent);
      assert.ok(stored, rows[0]!.traceparent);
      assert.equal(stored[1], TRACE_ID, 'the caller’s trace');
      assert.notEqual(stored[2], CALLER_SPAN, 'a span of its own');
    } finally {
      await db.end();
    }

    // Both attempts' outcomes: the first made straight from routing, the second by the DISPATCH consumer.
    const topology = new Topology(stack.namespace);
    const stream = topology.stream('DELIVERIES');
    let outcomes: Array<{ outcome: string; correlationId: string | undefined; traceparent: string }> = [];
    await waitFor(async () => {
      const { state } = await nats.jsm.streams.info(stream);
      outcomes = [];
      for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq += 1) {
        const message = await nats.jsm.streams.getMessage(stream, { seq });
        if (!message) continue;
        for (const o of message.json<{ outcomes: Array<{ outcome: string }> }>().outcomes) {
          outcomes.push({ outcome: o.outcome, correlationId: message.header.get('x-correlation-id') || undefined, traceparent: message.header.get('traceparent') });
        }
      }
      return outcomes.length >= 2;
    }, 'both outcomes on DELIVERIES');
    assert.deepEqual(outcomes.map((o) => o.outcome).sort(), ['delivered', 'retrying']);
    for (const o of outcomes) {
      assert.equal(o.correlationId, 'e2e-trace-1', JSON.stringify(o));
      assert.equal(TRACEPARENT.exec(o.traceparent)?.[1], TRACE_ID, JSON.stringify(o));
    }
    assert.notEqual(outcomes[0]!.traceparent, outcomes[1]!.traceparent, 'each outcome message is a span of its own');

    const failedLine = stack
      .captured('dispatch')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg?: string; correlationId?: string; traceId?: string })
      .find((line) => line.msg === 'delivery attempt failed');
    assert.ok(failedLine, `no failed-attempt line in:\n${stack.captured('dispatch')}`);
    assert.equal(failedLine.correlationId, 'e2e-trace-1');
    assert.equal(failedLine.traceId, TRACE_ID);
  });

  it('gives an alert sent without them a correlation id and a trace of its own', async () => {
    const response = await postJson(
      stack.url('ingestion', '/v1/webhooks/traced'),
      alertmanagerWebhook([{ labels: { alertname: 'Untraced', instance: 'db-2' }, summary: 'untraced alert' }]),
      { authorization: `Bearer ${KEY}`, 'x-correlation-id': 'not valid: has spaces' },
    );
    assert.equal(response.status, 202, JSON.stringify(response.body));
    const db = await stack.schemaClient('incidents');
    try {
      let row: { correlation_id: string; traceparent: string } | undefined;
      await waitFor(async () => {
        row = (await db.query<{ correlation_id: string; traceparent: string }>("SELECT correlation_id, traceparent FROM events WHERE event->'data'->'labels'->>'alertname' = 'Untraced'")).rows[0];
        return row !== undefined;
      }, 'the untraced alert’s incident');
      assert.match(row!.correlation_id, /^[0-9a-f-]{36}$/, 'a malformed correlation id is replaced by a new one');
      assert.notEqual(TRACEPARENT.exec(row!.traceparent)?.[1], TRACE_ID);
    } finally {
      await db.end();
    }
  });
});
