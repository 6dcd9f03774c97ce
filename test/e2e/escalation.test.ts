import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { escalationStepId, type IncidentEvent } from '@herald/contracts';
import { JetStreamConnection, Publisher, Topology } from '@herald/messaging';
import { alertmanagerWebhook, postJson } from '../support/alerts.js';
import { DeliveryJobs } from '../support/delivery-jobs.js';
import { TestReceiver, type ReceivedRequest } from '../support/receiver.js';
import { HeraldStack, metricValue, NATS_URL } from '../support/stack.js';
import { sleep, waitFor } from '../support/wait.js';

const KEY = 'e2e-escalation-integration-key';
const TOKEN = 'e2e-escalation-admin-token-01';
/** Each step waits this long for an acknowledgement: shortened by configuration, not by the test sleeping. */
const WAIT_SECONDS = 2;

interface Body {
  type: string;
  event: { type: string; data: { step?: number; round?: number } };
  incident: { id: string; labels: Record<string, string> };
}

/*
 * Escalation policies over the running services: an alert opens an incident whose route names
 * the policy "night" (step 1 → /first, then step 2 → /second, 2 s apart). Each step is an
 * IncidentEscalated event on the incident's timeline, decided by the incidents service, and
 * its notifications are ordinary deliveries.
 */
describe('escalation policies through the running services', () => {
  let stack: HeraldStack;
  let db: DeliveryJobs;
  const receiver = new TestReceiver();

  const steps = (path: string, incidentId: string): ReceivedRequest[] =>
    receiver.requests.filter((r) => r.path === path && r.json<Body>().incident.id === incidentId && r.json<Body>().type === 'incident.escalated');
  const call = async <T>(service: 'incidents' | 'dispatch', method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const response = await fetch(stack.url(service, path), {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  };
  const timeline = async (incidentId: string): Promise<IncidentEvent[]> =>
    (await call<{ timeline: IncidentEvent[] }>('incidents', 'GET', `/v1/incidents/${incidentId}`)).body.timeline;
  const escalations = async (incidentId: string): Promise<Array<[number, number]>> =>
    (await timeline(incidentId)).flatMap((e) => (e.type === 'IncidentEscalated' ? [[e.data.round, e.data.step] as [number, number]] : []));
  const escalating = async (incidentId: string): Promise<boolean> =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM $schema.escalation_state WHERE incident_id = $1', [incidentId]))[0]!.n > 0;

  /** Fires an alert routed to the policy and waits for step 1's notification; returns the incident id. */
  const openEscalatingIncident = async (name: string): Promise<string> => {
    const response = await postJson(stack.url('ingestion', '/v1/webhooks/am'), alertmanagerWebhook([{ labels: { alertname: name, team: 'db' }, summary: name, fingerprint: name }]), {
      authorization: `Bearer ${KEY}`,
    });
    assert.equal(response.status, 202, JSON.stringify(response.body));
    let incidentId = '';
    await waitFor(() => {
      const first = receiver.requests.find((r) => r.path === '/first' && r.json<Body>().incident.labels.alertname === name);
      incidentId = first?.json<Body>().incident.id ?? '';
      return first !== undefined;
    }, `step 1 of ${name} to be notified`);
    return incidentId;
  };

  before(async () => {
    await receiver.start();
    stack = await HeraldStack.start({
      services: ['ingestion', 'incidents', 'dispatch'],
      env: { DISPATCH_ALLOW_CIDRS: '127.0.0.0/8', HERALD_ADMIN_TOKEN: TOKEN },
      serviceEnv: { dispatch: { DISPATCH_ESCALATION_TICK_MS: '200' } },
      config: `
integrations:
  - id: am
    name: Alertmanager
    source: alertmanager
    key: ${KEY}
dispatch:
  receivers:
    - { id: channel, name: channel, channel: webhook, settings: { url: "${receiver.url('/channel')}" } }
    - { id: first, name: first, channel: webhook, settings: { url: "${receiver.url('/first')}" } }
    - { id: second, name: second, channel: webhook, settings: { url: "${receiver.url('/second')}" } }
  escalationPolicies:
    - id: night
      steps:
        - { receivers: [first], waitSeconds: ${WAIT_SECONDS} }
        - { receivers: [second], waitSeconds: ${WAIT_SECONDS} }
  route:
    receiver: channel
    routes:
      - matchers: ['team="db"']
        escalationPolicy: night
`,
    });
    db = await DeliveryJobs.connect(stack);
  });

  after(async () => {
    await db?.close();
    await stack?.stop();
    await stack?.cleanup();
    await receiver.stop();
  });

  it('the API lists the declared policy (read-only) and refuses a bad one with a 400 naming the field', async () => {
    const listed = await call<{ items: Array<{ id: string; managedBy: string; steps: unknown[] }> }>('dispatch', 'GET', '/v1/escalation-policies');
    assert.deepEqual(listed.body.items.map((p) => [p.id, p.managedBy, p.steps.length]), [['night', 'file', 2]]);
    const bad = await call<{ errors: Array<{ path: string }> }>('dispatch', 'POST', '/v1/escalation-policies', { id: 'bad', steps: [{ receivers: ['first'], waitSeconds: 0 }] });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors.map((e) => e.path), ['steps.0.waitSeconds']);
    const edit = await call<unknown>('dispatch', 'PUT', '/v1/escalation-policies/night', { steps: [{ receivers: ['first'], waitSeconds: 60 }] });
    assert.equal(edit.status, 409, 'file-managed');
    assert.equal((await call<unknown>('dispatch', 'GET', '/v1/escalation-policies/bad')).status, 404);
  });

  it('step 2 fires when nobody acknowledges step 1; each step once, on the timeline and in the delivery log', async () => {
    const incidentId = await openEscalatingIncident('Unanswered');
    await waitFor(() => steps('/second', incidentId).length > 0, 'step 2 to be notified');
    await waitFor(async () => !(await escalating(incidentId)), 'the policy (no repeat) to end after its last step');
    assert.equal(steps('/first', incidentId).length, 1);
    assert.equal(steps('/second', incidentId).length, 1);
    // Step 2 was decided a whole wait after step 1 (their events on the timeline; the notifications'
    // own arrival adds the path's latency to each, which a busy machine can make uneven).
    const decided = (await timeline(incidentId)).filter((e) => e.type === 'IncidentEscalated').map((e) => Date.parse(e.occurredAt));
    assert.ok(decided[1]! - decided[0]! >= (WAIT_SECONDS - 0.3) * 1_000, `step 2 waited for step 1 (${decided[1]! - decided[0]!} ms)`);
    assert.ok(steps('/second', incidentId)[0]!.at > steps('/first', incidentId)[0]!.at, 'step 2 notified after step 1');
    assert.deepEqual(await escalations(incidentId), [[1, 1], [1, 2]]);
    // The route's own receiver heard of the trigger, not of the steps (it does not subscribe to `escalated`).
    assert.equal(receiver.requests.filter((r) => r.path === '/channel' && r.json<Body>().incident.id === incidentId).length, 1);
    const log = await call<{ items: Array<{ receiverId: string; status: string }> }>('dispatch', 'GET', `/v1/deliveries?incident=${incidentId}&limit=100`);
    assert.deepEqual(log.body.items.map((d) => d.receiverId).sort(), ['channel', 'first', 'second']);
  });

  it('no step fires after an acknowledgement through the incidents API', async () => {
    const incidentId = await openEscalatingIncident('Answered');
    const ack = await call<unknown>('incidents', 'POST', `/v1/incidents/${incidentId}/acknowledge`, { by: 'ana' });
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
    // Past step 2's due time the escalation is gone, so nothing can fire any more.
    await waitFor(async () => !(await escalating(incidentId)), 'the escalation to end');
    assert.equal(steps('/second', incidentId).length, 0);
    assert.deepEqual(await escalations(incidentId), [[1, 1]]);
  });

  it('a reopened incident escalates again from step 1, as a new episode', async () => {
    const incidentId = await openEscalatingIncident('Reopened');
    assert.equal((await call<unknown>('incidents', 'POST', `/v1/incidents/${incidentId}/resolve`, { by: 'ana' })).status, 200);
    await waitFor(async () => !(await escalating(incidentId)), 'the escalation to end with the resolution');
    const again = await postJson(stack.url('ingestion', '/v1/webhooks/am'), alertmanagerWebhook([{ labels: { alertname: 'Reopened', team: 'db' }, summary: 'again', fingerprint: 'Reopened' }]), {
      authorization: `Bearer ${KEY}`,
    });
    assert.equal(again.status, 202);
    await waitFor(() => steps('/first', incidentId).length === 2, 'step 1 again after the reopen');
    const recorded = (await timeline(incidentId)).flatMap((e) => (e.type === 'IncidentEscalated' ? [e.data.episode] : []));
    const reopen = (await timeline(incidentId)).find((e) => e.type === 'IncidentReopened');
    assert.deepEqual(recorded, [1, reopen!.version], 'step 1 of the first episode, then of the reopened one');
  });

  it('a step arriving after the acknowledgement committed is refused by the incidents service, whatever dispatch had seen', async () => {
    // Dispatch's view of the acknowledgement lags (relay, stream, router); the incidents service
    // decides on the committed state. Send it step 2 ourselves, as a dispatch that had not yet
    // seen the acknowledgement would.
    const incidentId = await openEscalatingIncident('AnsweredLate');
    assert.equal((await call<unknown>('incidents', 'POST', `/v1/incidents/${incidentId}/acknowledge`, { by: 'ana' })).status, 200);
    const ignoredBefore = metricValue(await stack.metrics('incidents'), 'herald_incident_commands_ignored_total', { reason: 'ALREADY_ACKNOWLEDGED' });
    const connection = await JetStreamConnection.connect({ url: NATS_URL, name: 'herald-e2e-escalation', logger: pino({ level: 'silent' }) });
    try {
      const publisher = new Publisher(connection, new Topology(stack.namespace), '/herald/dispatch');
      const step = { incidentId, episode: 1, round: 1, step: 2 };
      await publisher.publish('escalationDue', { id: escalationStepId(step), ...step, policyId: 'night', receivers: ['second'], dueAt: new Date().toISOString() });
    } finally {
      await connection.close();
    }
    await waitFor(
      async () => metricValue(await stack.metrics('incidents'), 'herald_incident_commands_ignored_total', { reason: 'ALREADY_ACKNOWLEDGED' }) > ignoredBefore,
      'the incidents service to refuse the late step',
    );
    assert.deepEqual(await escalations(incidentId), [[1, 1]]);
    assert.equal(steps('/second', incidentId).length, 0);
  });

  it('SIGKILL of dispatch during an escalation wait: the next step fires once after the restart', async () => {
    const incidentId = await openEscalatingIncident('Crash');
    // Killed in the wait, once step 1's delivery is settled (a send cut short is the sender's to retry, not a step).
    await waitFor(
      async () => (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM $schema.deliveries WHERE receiver_id = 'first' AND status = 'delivered' AND incident_id = $1", [incidentId]))[0]!.n === 1,
      'step 1 to be delivered',
    );
    await stack.kill('dispatch');
    // Step 2 falls due while dispatch is down.
    await sleep(WAIT_SECONDS * 1_000 + 500);
    assert.equal(steps('/second', incidentId).length, 0);
    await stack.startService('dispatch');
    await waitFor(() => steps('/second', incidentId).length > 0, 'step 2 to fire after the restart');
    await waitFor(async () => !(await escalating(incidentId)), 'the escalation to end');
    // Counted by job id (the webhook-id header): a step is one job per receiver.
    const jobs = (path: string): Set<string> => new Set(steps(path, incidentId).map((r) => String(r.headers['webhook-id'])));
    assert.equal(jobs('/first').size, 1, 'step 1 not repeated');
    assert.equal(jobs('/second').size, 1, 'step 2 once');
    assert.deepEqual(await escalations(incidentId), [[1, 1], [1, 2]]);
  });
});
