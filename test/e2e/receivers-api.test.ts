import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { alertmanagerIntegrationYaml, alertmanagerWebhook, postJson } from '../support/alerts.js';
import { apiCaller } from '../support/api.js';
import { HeraldStack } from '../support/stack.js';
import { TestReceiver, type ReceivedRequest } from '../support/receiver.js';
import { seedVerifies } from '../support/seed-verifiers.js';
import { waitFor } from '../support/wait.js';

const KEY = 'e2e-receivers-api-key-0001';
const TOKEN = 'e2e-admin-token-0123456789';

interface Notification {
  type: string;
  event: { type: string };
  incident: { labels: Record<string, string> };
}

/** Seed 001's receiver API as Herald serves it: generated ids, description and metadata, filters, subscriptions, typed tests, retry previews. */
describe('receivers API (seed 001) through the running services', () => {
  let stack: HeraldStack;
  const target = new TestReceiver();
  const at = (path: string): ReceivedRequest[] => target.requests.filter((r) => r.path === path);

  const call = apiCaller((path) => stack.url('dispatch', path), TOKEN);

  const alert = async (labels: Record<string, string>, status: 'firing' | 'resolved'): Promise<void> => {
    const response = await postJson(stack.url('ingestion', '/v1/webhooks/am'), alertmanagerWebhook([{ labels, summary: `${labels.alertname} summary`, status, fingerprint: `fp-${labels.alertname}` }]), {
      authorization: `Bearer ${KEY}`,
    });
    assert.equal(response.status, 202, JSON.stringify(response.body));
  };

  const hook = (name: string, path: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    name,
    channel: 'webhook',
    settings: { url: target.url(path) },
    ...extra,
  });

  before(async () => {
    await target.start();
    stack = await HeraldStack.start({
      env: { DISPATCH_ALLOW_CIDRS: '127.0.0.0/8', HERALD_ADMIN_TOKEN: TOKEN },
      config: alertmanagerIntegrationYaml('am', KEY),
    });
  });

  after(async () => {
    await stack?.stop();
    await stack?.cleanup();
    await target.stop();
  });

  let generatedId = '';

  it('creates a receiver without an id (generated), keeping description and metadata; a chosen id still works', async () => {
    const created = await call('POST', '/v1/receivers', hook('Compliance Alerts', '/compliance', { description: 'Send compliance violations', metadata: { team: 'compliance', priority: 'high' } }));
    assert.equal(created.status, 201, created.text);
    generatedId = String(created.body.id);
    assert.match(generatedId, /^rcv_[0-9a-f]{20}$/);
    const shown = await call('GET', `/v1/receivers/${generatedId}`);
    assert.deepEqual(
      [shown.body.description, shown.body.metadata, shown.body.status, shown.body.lastTriggeredAt],
      ['Send compliance violations', { team: 'compliance', priority: 'high' }, 'active', null],
    );
    const chosen = await call('POST', '/v1/receivers', { id: 'ops-slack', name: 'Ops Slack', channel: 'slack', settings: { url: 'https://hooks.slack.com/services/T1/B1/x' } });
    assert.equal(chosen.status, 201, chosen.text);
    assert.equal(chosen.body.id, 'ops-slack');
    const second = await call('POST', '/v1/receivers', hook('Second', '/second'));
    assert.notEqual(second.body.id, generatedId, 'each generated id is new');
  });

  it('refuses bad metadata naming the field, and changes nothing', async () => {
    const before = await call('GET', '/v1/receivers');
    const refused = await call('POST', '/v1/receivers', hook('Bad', '/bad', { metadata: ['not', 'an', 'object'] }));
    assert.equal(refused.status, 400);
    assert.match(refused.text, /metadata/);
    assert.equal((await call('GET', '/v1/receivers')).body.total, before.body.total);
  });

  it('PATCH changes only the given fields; null removes an optional one', async () => {
    const patched = await call('PATCH', `/v1/receivers/${generatedId}`, { metadata: { updated_reason: 'Receiver maintenance' } });
    assert.equal(patched.status, 200, patched.text);
    assert.deepEqual([patched.body.metadata, patched.body.description, patched.body.name], [{ updated_reason: 'Receiver maintenance' }, 'Send compliance violations', 'Compliance Alerts']);
    const removed = await call('PATCH', `/v1/receivers/${generatedId}`, { description: null });
    assert.equal(removed.status, 200, removed.text);
    assert.equal('description' in removed.body, false);
  });

  it('lists with status and channel filters and pages with limit and offset', async () => {
    await call('POST', '/v1/receivers/ops-slack/pause');
    const all = await call('GET', '/v1/receivers');
    assert.equal(all.body.total, 3);
    const paused = await call('GET', '/v1/receivers?status=paused');
    assert.deepEqual((paused.body.items as Array<{ id: string }>).map((r) => r.id), ['ops-slack']);
    const active = await call('GET', '/v1/receivers?status=active&channel=webhook');
    assert.equal(active.body.total, 2);
    const page = await call('GET', '/v1/receivers?limit=1&offset=1');
    assert.deepEqual([page.body.total, page.body.limit, page.body.offset, (page.body.items as unknown[]).length], [3, 1, 1, 1]);
    assert.equal((page.body.items as Array<{ id: string }>)[0]!.id, (all.body.items as Array<{ id: string }>)[1]!.id);
    const bad = await call('GET', '/v1/receivers?status=inactive');
    assert.equal(bad.status, 400);
    assert.match(bad.text, /status/);
  });

  it('subscriptions: list, unsubscribe and subscribe, refusing unknown types', async () => {
    const initial = await call('GET', `/v1/receivers/${generatedId}/subscriptions`);
    assert.deepEqual([initial.body.narrowed, (initial.body.eventTypes as string[]).length], [false, 9]);
    const dropped = await call('DELETE', `/v1/receivers/${generatedId}/subscriptions/triggered`);
    assert.equal(dropped.status, 200, dropped.text);
    assert.equal((dropped.body.eventTypes as string[]).includes('triggered'), false);
    const narrowed = await call('PUT', `/v1/receivers/${generatedId}`, { ...hook('Compliance Alerts', '/compliance'), eventTypes: ['resolved'] });
    assert.deepEqual(narrowed.body.eventTypes, ['resolved']);
    const added = await call('POST', `/v1/receivers/${generatedId}/subscriptions/acknowledged`);
    assert.deepEqual(added.body.eventTypes, ['acknowledged', 'resolved']);
    const listed = await call('GET', `/v1/receivers/${generatedId}/subscriptions`);
    assert.deepEqual(listed.body, { receiverId: generatedId, eventTypes: ['acknowledged', 'resolved'], narrowed: true });
    const bad = await call('POST', `/v1/receivers/${generatedId}/subscriptions/compliance.alert`);
    assert.equal(bad.status, 400);
    assert.match(bad.text, /eventType/);
  });

  it("the receiver's subscriptions narrow what the routing tree sends it; lastTriggeredAt follows", async () => {
    const second = (await call('GET', '/v1/receivers?channel=webhook')).body.items as Array<{ id: string; name: string }>;
    const everything = second.find((r) => r.name === 'Second')!.id;
    const tree = await call('PUT', '/v1/routes', {
      receiver: everything,
      routes: [
        { matchers: ['team="compliance"'], receiver: generatedId, continue: true },
        { matchers: ['team="compliance"'], receiver: everything },
      ],
    });
    assert.equal(tree.status, 200, tree.text);
    await alert({ alertname: 'PolicyBreach', team: 'compliance', severity: 'critical' }, 'firing');
    await waitFor(() => at('/second').length >= 1, 'the trigger at the unnarrowed receiver');
    await alert({ alertname: 'PolicyBreach', team: 'compliance', severity: 'critical' }, 'resolved');
    await waitFor(() => at('/compliance').length >= 1, 'the resolution at the narrowed receiver');
    await waitFor(() => at('/second').length >= 2, 'the resolution at the unnarrowed receiver');
    // Only the resolution reached the receiver subscribed to acknowledged and resolved.
    assert.deepEqual(at('/compliance').map((r) => r.json<Notification>().type), ['incident.resolved']);
    assert.deepEqual(at('/second').map((r) => r.json<Notification>().type), ['incident.triggered', 'incident.resolved']);
    await waitFor(async () => (await call('GET', `/v1/receivers/${generatedId}`)).body.lastTriggeredAt !== null, 'lastTriggeredAt from the delivery log');
    const shown = await call('GET', `/v1/receivers/${generatedId}`);
    assert.ok(Math.abs(Date.parse(String(shown.body.lastTriggeredAt)) - at('/compliance')[0]!.at) < 5_000);
  });

  it('POST /test sends the event type asked for, and refuses an unknown one', async () => {
    const before = at('/compliance').length;
    const tested = await call('POST', `/v1/receivers/${generatedId}/test`, { eventType: 'resolved' });
    assert.equal(tested.status, 200, tested.text);
    assert.deepEqual([tested.body.outcome, tested.body.eventType], ['delivered', 'IncidentResolved']);
    const sent = at('/compliance')[before]!.json<Notification>();
    assert.deepEqual([sent.type, sent.event.type, sent.incident.labels.herald_test], ['incident.resolved', 'IncidentResolved', 'true']);
    const note = await call('POST', `/v1/receivers/${generatedId}/test`, { eventType: 'IncidentNoteAdded' });
    assert.equal(at('/compliance')[before + 1]!.json<Notification>().type, 'incident.note_added');
    assert.equal(note.body.eventType, 'IncidentNoteAdded');
    const untyped = await call('POST', `/v1/receivers/${generatedId}/test`);
    assert.equal(untyped.body.eventType, 'IncidentTriggered');
    const bad = await call('POST', `/v1/receivers/${generatedId}/test`, { eventType: 'validation.completed' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /eventType/);
  });

  it("retry policies: seed 001's 2 h cap and a 24 h cap are accepted, above is refused; the preview gives the schedule", async () => {
    const twoHours = await call('PATCH', `/v1/receivers/${generatedId}`, {
      retry: { kind: 'exponential', initialDelayMs: 30_000, multiplier: 1.5, maxDelayMs: 7_200_000, maxAttempts: 10, jitter: 0.2, jitterMode: 'both' },
    });
    assert.equal(twoHours.status, 200, twoHours.text);
    const day = await call('PATCH', `/v1/receivers/${generatedId}`, { retry: { initialDelayMs: 60_000, maxDelayMs: 86_400_000 } });
    assert.equal(day.status, 200, day.text);
    const tooLong = await call('PATCH', `/v1/receivers/${generatedId}`, { retry: { maxDelayMs: 86_400_001 } });
    assert.equal(tooLong.status, 400);
    assert.match(tooLong.text, /retry\.maxDelayMs/);
    const preview = await call('POST', '/v1/retry-policies/preview', { initialDelayMs: 60_000, multiplier: 2, maxDelayMs: 3_600_000, maxAttempts: 5, jitter: 0.2, jitterMode: 'both' });
    assert.equal(preview.status, 200, preview.text);
    const retries = preview.body.retries as Array<{ delayMs: number; minDelayMs: number; maxDelayMs: number }>;
    assert.deepEqual(retries.map((r) => r.delayMs / 1000), [60, 120, 240, 480, 960]);
    assert.deepEqual([retries[0]!.minDelayMs, retries[0]!.maxDelayMs], [48_000, 72_000]);
    assert.deepEqual([preview.body.totalMs, preview.body.withinRetention], [1_860_000, true]);
    const badPreview = await call('POST', '/v1/retry-policies/preview', { jitter: 2 });
    assert.equal(badPreview.status, 400);
    assert.match(badPreview.text, /jitter/);
  });

  it("signs so that seed 000's STET receiver and seed 004's receiver, in Python as the seeds wrote them, accept Herald's deliveries", async () => {
    const secret = 'your-secret-key-for-seeds';
    const stet = await call('POST', '/v1/receivers', {
      ...hook('STET receiver', '/stet-webhook'),
      settings: { url: target.url('/stet-webhook'), signing: { hmac: { secret, header: 'X-STET-Signature', signs: 'body+timestamp', timestampHeader: 'X-STET-Timestamp' } } },
    });
    assert.equal(stet.status, 201, stet.text);
    assert.deepEqual(stet.body.secretFields, ['settings.signing.hmac.secret']);
    assert.equal(stet.text.includes(secret), false, 'the HMAC secret is write-only');
    const sentry = await call('POST', '/v1/receivers', {
      ...hook('Seed 004 receiver', '/events'),
      settings: { url: target.url('/events'), signing: { hmac: { secret, signs: 'sorted-json' } } },
    });
    assert.equal(sentry.status, 201, sentry.text);
    for (const [id, path, verifier] of [
      [stet.body.id, '/stet-webhook', 'seed000Stet'],
      [sentry.body.id, '/events', 'seed004SortedJson'],
    ] as const) {
      // Two payload shapes (a trigger, a note): both must verify, and a changed byte must not.
      for (const eventType of ['triggered', 'note']) {
        const tested = await call('POST', `/v1/receivers/${String(id)}/test`, { eventType });
        assert.equal(tested.body.outcome, 'delivered', tested.text);
        const request = at(path).at(-1)!;
        assert.equal(seedVerifies(verifier, { secret, headers: request.headers, body: request.body }), true, `${verifier} accepts ${eventType}`);
        const tampered = request.body.replace('Herald test notification', 'Herald test notificatioN');
        assert.equal(seedVerifies(verifier, { secret, headers: request.headers, body: tampered }), false, `${verifier} refuses a changed body`);
      }
    }
    const refused = await call('POST', '/v1/receivers', { ...hook('Bad', '/bad'), settings: { url: target.url('/bad'), signing: { hmac: { secret, signs: 'body+timestamp' } } } });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /settings\.signing\.hmac\.timestampHeader/);
  });

  it('deletes a receiver no route uses', async () => {
    const deleted = await call('DELETE', '/v1/receivers/ops-slack');
    assert.equal(deleted.status, 204);
    assert.equal((await call('GET', '/v1/receivers/ops-slack')).status, 404);
  });
});
