import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { postJson } from '../support/alerts.js';
import { dispatchToWebhook } from '../support/dispatch-config.js';
import { HeraldStack } from '../support/stack.js';
import { TestReceiver } from '../support/receiver.js';
import { waitFor } from '../support/wait.js';

/*
 * A PagerDuty Events API v2 client pointed at Herald (only the URL changed): it
 * triggers, acknowledges and resolves, and the receiver sees the three transitions.
 */
const ROUTING_KEY = 'e2epagerdutyroutingkey0000000001';
const LIMITED_KEY = 'e2epagerdutylimitedkey0000000001';

interface HeraldWebhookBody {
  type: string;
  incident: { id: string; dedupKey: string; status: string; summary: string; severity: string; source: string };
}

/** What a PagerDuty client library sends. */
function event(action: 'trigger' | 'acknowledge' | 'resolve', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    routing_key: ROUTING_KEY,
    event_action: action,
    ...(action === 'trigger'
      ? {
          payload: {
            summary: 'Checkout error rate above 5% on web-3',
            source: 'web-3.prod.example.com',
            severity: 'error',
            component: 'checkout',
            group: 'prod-web',
            class: 'http',
            custom_details: { error_rate: 0.072 },
          },
          client: 'Sample Monitoring Service',
          client_url: 'https://monitoring.example.com',
        }
      : {}),
    ...extra,
  };
}

describe('a PagerDuty Events API v2 client against Herald', () => {
  let stack: HeraldStack;
  const receiver = new TestReceiver();
  let enqueue = '';

  before(async () => {
    await receiver.start();
    stack = await HeraldStack.start({
      services: ['ingestion', 'incidents', 'dispatch'],
      env: { DISPATCH_ALLOW_CIDRS: '127.0.0.0/8' },
      config: `
integrations:
  - { id: pd-compatible, name: PagerDuty-compatible tools, source: pagerduty, key: ${ROUTING_KEY} }
  - { id: pd-limited, name: Limited, source: pagerduty, key: ${LIMITED_KEY}, rateLimitPerMinute: 2 }
${dispatchToWebhook(receiver.url('/hook'))}`,
    });
    enqueue = stack.url('ingestion', '/v2/enqueue');
  });

  after(async () => {
    await stack?.stop();
    await stack?.cleanup();
    await receiver.stop();
  });

  const bodies = () => receiver.requests.map((r) => r.json<HeraldWebhookBody>());

  it('triggers, acknowledges and resolves one incident, and the receiver sees each transition', async () => {
    const triggered = await postJson(enqueue, event('trigger'));
    assert.equal(triggered.status, 202, JSON.stringify(triggered.body));
    const { dedup_key: dedupKey, ...rest } = triggered.body as { dedup_key: string; status: string; message: string };
    assert.deepEqual(rest, { status: 'success', message: 'Event processed' });
    assert.match(dedupKey, /^[0-9a-f-]{36}$/, 'a trigger without dedup_key gets one generated and returned');
    await waitFor(() => bodies().some((b) => b.type === 'incident.triggered'), 'the triggered notification');

    const acknowledged = await postJson(enqueue, event('acknowledge', { dedup_key: dedupKey }));
    assert.deepEqual([acknowledged.status, acknowledged.body], [202, { status: 'success', message: 'Event processed', dedup_key: dedupKey }]);
    await waitFor(() => bodies().some((b) => b.type === 'incident.acknowledged'), 'the acknowledged notification');

    const resolved = await postJson(enqueue, event('resolve', { dedup_key: dedupKey }));
    assert.deepEqual([resolved.status, resolved.body], [202, { status: 'success', message: 'Event processed', dedup_key: dedupKey }]);
    await waitFor(() => bodies().some((b) => b.type === 'incident.resolved'), 'the resolved notification');

    // Herald scopes the client's key to its integration, as PagerDuty scopes it to the routing key.
    const seen = bodies().filter((b) => b.incident.dedupKey === `pd-compatible/${dedupKey}`);
    assert.deepEqual(
      seen.map((b) => [b.type, b.incident.status]),
      [
        ['incident.triggered', 'triggered'],
        ['incident.acknowledged', 'acknowledged'],
        ['incident.resolved', 'resolved'],
      ],
    );
    assert.equal(new Set(seen.map((b) => b.incident.id)).size, 1, 'one incident throughout');
    assert.equal(seen[0]!.incident.summary, 'Checkout error rate above 5% on web-3');
    assert.equal(seen[0]!.incident.severity, 'error');
    assert.equal(seen[0]!.incident.source, 'pagerduty');
  });

  it("refuses an invalid event in PagerDuty's shape, naming each bad field", async () => {
    const response = await postJson(enqueue, {
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      payload: { summary: 'x'.repeat(1025), source: 'web-3', severity: 'fatal' },
    });
    assert.equal(response.status, 400);
    assert.deepEqual(response.body, {
      status: 'invalid event',
      message: 'Event object is invalid',
      errors: ["'payload.summary' must be at most 1024 characters", "'payload.severity' must be one of critical, error, warning, info"],
    });
    const noKey = await postJson(enqueue, { event_action: 'resolve', dedup_key: 'x' });
    assert.equal(noKey.status, 400);
    assert.deepEqual((noKey.body as { errors: string[] }).errors, ["'routing_key' is missing"]);
    const wrongKey = await postJson(enqueue, { ...event('resolve', { dedup_key: 'x' }), routing_key: 'not-a-herald-integration-key-000' });
    assert.equal(wrongKey.status, 401);
    assert.equal((wrongKey.body as { status: string }).status, 'invalid event');
  });

  it('answers 429 with Retry-After beyond the routing key’s rate limit', async () => {
    const send = () => postJson(enqueue, { ...event('resolve', { dedup_key: 'never-opened' }), routing_key: LIMITED_KEY });
    assert.equal((await send()).status, 202);
    assert.equal((await send()).status, 202);
    const limited = await send();
    assert.equal(limited.status, 429);
    assert.deepEqual(limited.body, { status: 'throttle exceeded', message: 'Requests for this service are arriving too quickly. Please retry later.' });
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  });

  it('treats a retried POST with the same Idempotency-Key as the same event', async () => {
    const headers = { 'idempotency-key': 'pd-retry-0001' };
    const first = await postJson(enqueue, event('trigger', { payload: { summary: 'Retried trigger', source: 'cron-1', severity: 'warning' } }), headers);
    const retry = await postJson(enqueue, event('trigger', { payload: { summary: 'Retried trigger', source: 'cron-1', severity: 'warning' } }), headers);
    assert.equal(first.status, 202);
    assert.equal(retry.status, 202);
    const dedupKey = (first.body as { dedup_key: string }).dedup_key;
    assert.equal((retry.body as { dedup_key: string }).dedup_key, dedupKey, 'the retry answers with the same generated dedup_key');
    await waitFor(() => bodies().some((b) => b.incident.dedupKey === `pd-compatible/${dedupKey}`), 'the triggered notification');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.equal(bodies().filter((b) => b.incident.summary === 'Retried trigger').length, 1, 'one incident, notified once');
  });
});
