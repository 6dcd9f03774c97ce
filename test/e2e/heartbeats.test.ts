import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { postJson } from '../support/alerts.js';
import { dispatchToWebhook } from '../support/dispatch-config.js';
import { HeraldStack, metricValue, tearDown } from '../support/stack.js';
import { TestReceiver } from '../support/receiver.js';
import { sleep, waitFor } from '../support/wait.js';

/*
 * Heartbeat integrations over the running services, with intervals of a few seconds and a
 * due-check every 200 ms: a missed heartbeat opens an incident that reaches a receiver and the
 * incidents API, the next ping resolves it, and a SIGKILL of ingestion while a heartbeat is
 * waiting (or while its incident is open) neither loses nor repeats the miss.
 */
const TOKEN = 'heartbeat-e2e-admin-token-000001';
const CRON_KEY = 'e2e-heartbeat-cron-key-000000001';
const RESTART_KEY = 'e2e-heartbeat-restart-key-000001';
const ALERTS_KEY = 'e2e-heartbeat-generic-key-000001';

interface Notification {
  type: string;
  incident: { id: string; dedupKey: string; status: string; summary: string; labels: Record<string, string>; integrationId: string; alertCount: number };
}
interface Incident {
  id: string;
  dedupKey: string;
  status: string;
  summary: string;
  alertCount: number;
  labels: Record<string, string>;
}

describe('heartbeats: a missed ping opens an incident, the next ping resolves it', () => {
  let stack: HeraldStack;
  const receiver = new TestReceiver();

  before(async () => {
    await receiver.start();
    stack = await HeraldStack.start({
      services: ['ingestion', 'incidents', 'dispatch'],
      env: { DISPATCH_ALLOW_CIDRS: '127.0.0.0/8', HERALD_ADMIN_TOKEN: TOKEN },
      serviceEnv: { ingestion: { INGESTION_HEARTBEAT_CHECK_MS: '200' } },
      config: `
integrations:
  - { id: hb-cron, name: Nightly cron, source: heartbeat, key: ${CRON_KEY}, heartbeat: { intervalSeconds: 2 } }
  - { id: hb-restart, name: Prometheus prod, source: heartbeat, key: ${RESTART_KEY}, heartbeat: { intervalSeconds: 2, graceSeconds: 1 } }
  - { id: plain-alerts, name: Scripts, source: generic, key: ${ALERTS_KEY} }
${dispatchToWebhook(receiver.url('/hook'), ['triggered', 'resolved', 'reopened', 'deduplicated'])}`,
    });
  });

  after(() => tearDown(stack, [], [receiver]));

  const ping = (id: string, init: RequestInit & { query?: string } = {}) => fetch(stack.url('ingestion', `/v1/heartbeats/${id}${init.query ?? ''}`), init);
  const notified = (integrationId: string) =>
    receiver.requests.map((r) => r.json<Notification>()).filter((n) => n.incident.integrationId === integrationId);
  const incidents = async (integrationId: string): Promise<Incident[]> => {
    const response = await fetch(stack.url('incidents', `/v1/incidents?dedupKey=${encodeURIComponent(`${integrationId}/heartbeat/${integrationId}`)}`), {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    assert.equal(response.status, 200);
    return ((await response.json()) as { items: Incident[] }).items;
  };

  it('refuses a heartbeat integration without an interval, or with a bad one, naming the field', async () => {
    const create = (body: unknown) => postJson(stack.url('ingestion', '/v1/integrations'), body, { authorization: `Bearer ${TOKEN}` });
    const cases: Array<[unknown, string]> = [
      [{ name: 'No interval', source: 'heartbeat' }, 'heartbeat'],
      [{ name: 'Zero', source: 'heartbeat', heartbeat: { intervalSeconds: 0 } }, 'heartbeat.intervalSeconds'],
      [{ name: 'Negative grace', source: 'heartbeat', heartbeat: { intervalSeconds: 60, graceSeconds: -5 } }, 'heartbeat.graceSeconds'],
      [{ name: 'Not a heartbeat', source: 'generic', heartbeat: { intervalSeconds: 60 } }, 'heartbeat'],
    ];
    for (const [body, field] of cases) {
      const response = await create(body);
      assert.equal(response.status, 400, JSON.stringify(response.body));
      assert.deepEqual(
        (response.body as { errors: Array<{ path: string }> }).errors.map((e) => e.path),
        [field],
        JSON.stringify(response.body),
      );
    }
    const created = await create({ id: 'hb-api', name: 'Made through the API', source: 'heartbeat', heartbeat: { intervalSeconds: 600 } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const view = created.body as { key: string; endpoints: string[]; heartbeat: unknown };
    assert.deepEqual(view.endpoints, ['/v1/heartbeats/hb-api']);
    assert.deepEqual(view.heartbeat, { intervalSeconds: 600, graceSeconds: 0 });
    const patched = await fetch(stack.url('ingestion', '/v1/integrations/hb-api'), {
      method: 'PATCH',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ heartbeat: { intervalSeconds: 0 } }),
    });
    assert.equal(patched.status, 400);
    assert.deepEqual(((await patched.json()) as { errors: Array<{ path: string }> }).errors.map((e) => e.path), ['heartbeat.intervalSeconds']);
    const patch = (id: string, body: unknown) =>
      fetch(stack.url('ingestion', `/v1/integrations/${id}`), {
        method: 'PATCH',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const signed = await patch('hb-api', { signing: { secret: 'a-signing-secret-of-length' } });
    assert.equal(signed.status, 400, 'a heartbeat takes no signing secret');
    assert.deepEqual(((await signed.json()) as { errors: Array<{ path: string }> }).errors.map((e) => e.path), ['signing']);
    const changed = await patch('hb-api', { heartbeat: { intervalSeconds: 900, graceSeconds: 60 } });
    assert.equal(changed.status, 200);
    assert.deepEqual(((await changed.json()) as { heartbeat: unknown }).heartbeat, { intervalSeconds: 900, graceSeconds: 60 });
    // The key it was given works at once, by any method.
    assert.equal((await ping('hb-api', { method: 'HEAD', headers: { authorization: `Bearer ${view.key}` } })).status, 200);
  });

  it('takes a ping by any method with the key as alert endpoints take it, and refuses what is not one', async () => {
    const basic = `Basic ${Buffer.from(`herald:${CRON_KEY}`).toString('base64')}`;
    const accepted: Array<[string, RequestInit & { query?: string }]> = [
      ['GET with ?key=', { query: `?key=${CRON_KEY}` }],
      ['POST with Bearer and a JSON body', { method: 'POST', headers: { authorization: `Bearer ${CRON_KEY}`, 'content-type': 'application/json' }, body: '{"any":"thing"}' }],
      ['PUT with Basic', { method: 'PUT', headers: { authorization: basic } }],
      ['POST of a form, as curl -d sends', { method: 'POST', headers: { authorization: `Bearer ${CRON_KEY}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'status=done' }],
      ['DELETE with ?key=', { method: 'DELETE', query: `?key=${CRON_KEY}` }],
      ['HEAD with X-Webhook-Secret', { method: 'HEAD', headers: { 'x-webhook-secret': CRON_KEY } }],
    ];
    for (const [name, init] of accepted) assert.equal((await ping('hb-cron', init)).status, 200, name);
    const answer: unknown = await (await ping('hb-cron', { query: `?key=${CRON_KEY}` })).json();
    assert.deepEqual(answer, { status: 'ok', heartbeat: 'up', resolved: false });

    assert.equal((await ping('hb-cron')).status, 401, 'no key');
    assert.equal((await ping('hb-cron', { headers: { authorization: `Bearer ${RESTART_KEY}` } })).status, 401, "another heartbeat's key");
    assert.equal((await ping('no-such-heartbeat', { query: `?key=${CRON_KEY}` })).status, 404);
    assert.equal((await ping('plain-alerts', { query: `?key=${ALERTS_KEY}` })).status, 404, 'an alert integration is not a heartbeat');
    const alert = await postJson(stack.url('ingestion', '/v1/webhooks/hb-cron'), { dedup_key: 'x', summary: 'not a ping' }, { authorization: `Bearer ${CRON_KEY}` });
    assert.equal(alert.status, 400, 'a heartbeat takes no alerts');
    assert.match(JSON.stringify(alert.body), /\/v1\/heartbeats\/hb-cron/);
  });

  it('opens one incident when the pings stop, delivered and listed, and the next ping resolves it', async () => {
    assert.equal((await ping('hb-cron', { query: `?key=${CRON_KEY}` })).status, 200);
    await waitFor(() => notified('hb-cron').some((n) => n.type === 'incident.triggered'), 'the missed heartbeat to reach the receiver', 20_000);
    const [triggered] = notified('hb-cron');
    assert.equal(triggered!.type, 'incident.triggered');
    assert.equal(triggered!.incident.dedupKey, 'hb-cron/heartbeat/hb-cron');
    assert.match(triggered!.incident.summary, /^No heartbeat from Nightly cron for \d+ s$/);
    assert.deepEqual(triggered!.incident.labels, { alertname: 'HeartbeatMissed', integration: 'Nightly cron', heartbeat: 'hb-cron', source: 'herald-heartbeat' });
    const open = await incidents('hb-cron');
    assert.deepEqual(open.map((i) => i.status), ['triggered']);
    const metrics = await stack.metrics('ingestion');
    assert.equal(metricValue(metrics, 'herald_heartbeat_missing', { integration: 'hb-cron' }), 1);
    assert.equal(metricValue(metrics, 'herald_heartbeat_misses_total', { integration: 'hb-cron' }), 1);
    assert.ok(metricValue(metrics, 'herald_heartbeat_last_ping_timestamp_seconds', { integration: 'hb-cron' }) > Date.now() / 1_000 - 60);

    // Checks keep running every 200 ms meanwhile; none may announce the same miss again.
    await sleep(1_000);
    const resolving: unknown = await (await ping('hb-cron', { method: 'POST', headers: { authorization: `Bearer ${CRON_KEY}` } })).json();
    assert.deepEqual(resolving, { status: 'ok', heartbeat: 'up', resolved: true });
    await waitFor(() => notified('hb-cron').some((n) => n.type === 'incident.resolved'), 'the resolution to reach the receiver', 20_000);
    assert.deepEqual(notified('hb-cron').map((n) => n.type), ['incident.triggered', 'incident.resolved']);
    await waitFor(async () => (await incidents('hb-cron'))[0]?.status === 'resolved', 'the incident to be resolved in the API');
    const [resolved] = await incidents('hb-cron');
    assert.equal(resolved!.alertCount, 1, 'one opening alert: the miss was announced once');
    assert.equal(metricValue(await stack.metrics('ingestion'), 'herald_heartbeat_missing', { integration: 'hb-cron' }), 0);
  });

  it('a SIGKILL of ingestion while a heartbeat waits loses no miss, and one while its incident is open repeats none', async () => {
    assert.equal((await ping('hb-restart', { headers: { authorization: `Bearer ${RESTART_KEY}` } })).status, 200);
    await stack.kill('ingestion');
    // Down past the heartbeat's interval and grace (3 s): the miss falls due while no ingestion runs.
    await sleep(3_500);
    assert.deepEqual(notified('hb-restart'), []);
    await stack.startService('ingestion');
    await waitFor(() => notified('hb-restart').some((n) => n.type === 'incident.triggered'), 'the miss that fell due during the outage', 20_000);

    await stack.kill('ingestion');
    await stack.startService('ingestion');
    // Many checks by the new process while the incident is open.
    await sleep(1_000);
    assert.equal((await ping('hb-restart', { headers: { authorization: `Bearer ${RESTART_KEY}` } })).status, 200);
    await waitFor(() => notified('hb-restart').some((n) => n.type === 'incident.resolved'), 'the resolution after the restarts', 20_000);
    assert.deepEqual(notified('hb-restart').map((n) => n.type), ['incident.triggered', 'incident.resolved']);
    await waitFor(async () => (await incidents('hb-restart'))[0]?.status === 'resolved', 'the incident to be resolved in the API');
    const list = await incidents('hb-restart');
    assert.equal(list.length, 1);
    assert.equal(list[0]!.alertCount, 1);
  });
});
