import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { alertmanagerWebhook, postJson } from '../support/alerts.js';
import { HeraldStack, metricValue } from '../support/stack.js';
import { TestReceiver, type ReceivedRequest } from '../support/receiver.js';
import { sleep, waitFor } from '../support/wait.js';

const KEY = 'e2e-dispatch-routing-key-01';
const TOKEN = 'e2e-admin-token-0123456789';

interface Body {
  type: string;
  incident: { id: string; labels: Record<string, string> };
}

const alertname = (r: ReceivedRequest): string => r.json<Body>().incident.labels.alertname ?? '';

describe('dispatch: routing, silences, replay and repeats through the running services', () => {
  let stack: HeraldStack;
  const receiver = new TestReceiver();
  const at = (path: string): ReceivedRequest[] => receiver.requests.filter((r) => r.path === path);
  let bringFlakyUp = (): void => undefined;

  const api = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(stack.url('dispatch', path), {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };

  const alert = async (labels: Record<string, string>, fingerprint: string): Promise<void> => {
    const response = await postJson(stack.url('ingestion', '/v1/webhooks/am'), alertmanagerWebhook([{ labels, summary: `${labels.alertname} summary`, fingerprint }]), {
      authorization: `Bearer ${KEY}`,
    });
    assert.equal(response.status, 202, JSON.stringify(response.body));
  };

  const hook = (id: string, path: string): string => `
    - id: ${id}
      name: ${id}
      channel: webhook
      settings: { url: "${receiver.url(path)}" }`;

  before(async () => {
    // /flaky refuses (400: not retried, the delivery fails at once) until told otherwise.
    let flakyUp = false;
    receiver.respondWith((r) => ({ status: r.path === '/flaky' && !flakyUp ? 400 : 200 }));
    bringFlakyUp = () => (flakyUp = true);
    await receiver.start();
    stack = await HeraldStack.start({
      env: { DISPATCH_ALLOW_CIDRS: '127.0.0.0/8', HERALD_ADMIN_TOKEN: TOKEN },
      serviceEnv: { dispatch: { DISPATCH_REPEAT_TICK_MS: '200' } },
      config: `
integrations:
  - id: am
    name: Alertmanager
    source: alertmanager
    key: ${KEY}
dispatch:
  receivers:${hook('storage-team', '/storage')}${hook('pager', '/pager')}${hook('fallback', '/fallback')}${hook('repeater', '/repeat')}${hook('flaky', '/flaky')}
  route:
    receiver: fallback
    routes:
      - matchers: ['team="storage"']
        receiver: storage-team
        continue: true
      - matchers: ['severity="critical"']
        receiver: pager
      - matchers: ['team="repeat"']
        receiver: repeater
        repeatIntervalSeconds: 2
      - matchers: ['team="flaky"']
        receiver: flaky
`,
    });
  });

  after(async () => {
    await stack?.stop();
    await stack?.cleanup();
    await receiver.stop();
  });

  it('a repeat notification arrives after the route repeat interval while the incident stays open', async () => {
    await alert({ alertname: 'StuckJob', team: 'repeat', severity: 'warning' }, 'fp-repeat');
    await waitFor(() => at('/repeat').length >= 2, 'the first notification and one repeat', 20_000);
    const [first, repeat] = at('/repeat') as [ReceivedRequest, ReceivedRequest];
    assert.equal(first.json<Body>().type, 'incident.triggered');
    assert.equal(repeat.json<Body>().type, 'incident.triggered');
    assert.equal(repeat.json<Body>().incident.id, first.json<Body>().incident.id);
    // The repeat is its own delivery (own Standard Webhooks id), numbered in sequence.
    assert.equal(String(repeat.headers['webhook-id']), `${String(first.headers['webhook-id'])}.repeat-1`);
    assert.ok(repeat.at - first.at >= 1_900, `repeat came ${repeat.at - first.at} ms after the first`);
  });

  it('routes by matchers: a `continue` route and the next match both get it, the default does not', async () => {
    await alert({ alertname: 'DiskFull', team: 'storage', severity: 'critical' }, 'fp-disk');
    await alert({ alertname: 'WebDown', team: 'web', severity: 'warning' }, 'fp-web');
    await waitFor(() => at('/storage').length >= 1 && at('/pager').length >= 1 && at('/fallback').length >= 1, 'three deliveries');
    await sleep(500);
    assert.deepEqual(at('/storage').map(alertname), ['DiskFull']);
    assert.deepEqual(at('/pager').map(alertname), ['DiskFull']);
    assert.deepEqual(at('/fallback').map(alertname), ['WebDown']);
  });

  it('a silence mutes the matching incident: the receiver gets nothing, and the notification is recorded as muted', async () => {
    const silence = await api('POST', '/v1/silences', {
      matchers: ['alertname="SilencedAlert"'],
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      author: 'e2e',
      comment: 'planned work',
    });
    assert.equal(silence.status, 201, JSON.stringify(silence.body));
    const before = at('/storage').length;
    await alert({ alertname: 'SilencedAlert', team: 'storage', severity: 'warning' }, 'fp-silenced');
    await waitFor(
      async () => metricValue(await stack.metrics('analytics'), 'herald_notifications_total', { receiver: 'storage-team', outcome: 'muted' }) === 1,
      'analytics to count the muted notification',
    );
    const muted = await api('GET', '/v1/deliveries?receiver=storage-team&status=muted');
    const items = muted.body.items as Array<{ jobId: string; status: string; eventType: string; lastErrorClass: string }>;
    assert.equal(items.length, 1);
    assert.deepEqual([items[0]?.status, items[0]?.eventType, items[0]?.lastErrorClass], ['muted', 'IncidentTriggered', 'muted_silence']);
    const shown = await api('GET', `/v1/deliveries/${items[0]!.jobId}`);
    assert.deepEqual(shown.body.muted, { by: 'silence', id: silence.body.id });
    await sleep(500);
    assert.equal(at('/storage').length, before, 'the silenced incident was not sent');
    assert.equal(receiver.requests.some((r) => alertname(r) === 'SilencedAlert'), false);
  });

  it('a replayed delivery reaches the receiver again, as a new delivery', async () => {
    const list = await api('GET', '/v1/deliveries?receiver=fallback&status=delivered');
    const [delivered] = list.body.items as Array<{ jobId: string }>;
    assert.ok(delivered, JSON.stringify(list.body));
    const replay = await api('POST', `/v1/deliveries/${delivered.jobId}/replay`);
    assert.equal(replay.status, 202, JSON.stringify(replay.body));
    assert.equal(replay.body.jobId, `${delivered.jobId}.replay-1`);
    await waitFor(() => at('/fallback').length >= 2, 'the replay at the receiver');
    const again = at('/fallback')[1]!;
    assert.equal(alertname(again), 'WebDown');
    assert.equal(String(again.headers['webhook-id']), `${delivered.jobId}.replay-1`);
    await waitFor(async () => {
      const shown = await api('GET', `/v1/deliveries/${delivered.jobId}`);
      return (shown.body.replays as Array<{ status: string }>)[0]?.status === 'delivered';
    }, 'the replay to be recorded as delivered');
    // A second replay gets the next number.
    assert.equal((await api('POST', `/v1/deliveries/${delivered.jobId}/replay`)).body.jobId, `${delivered.jobId}.replay-2`);
    await waitFor(() => at('/fallback').length >= 3, 'the second replay at the receiver');
  });

  it('retrying the failed deliveries of a receiver sends each once more, and only once', async () => {
    await alert({ alertname: 'QueueFull', team: 'flaky', severity: 'warning' }, 'fp-flaky-1');
    await alert({ alertname: 'QueueSlow', team: 'flaky', severity: 'warning' }, 'fp-flaky-2');
    await waitFor(async () => ((await api('GET', '/v1/deliveries?receiver=flaky&status=failed')).body.items as unknown[]).length === 2, 'two failed deliveries');
    bringFlakyUp();
    const retried = await api('POST', '/v1/receivers/flaky/deliveries/retry?max_age_hours=1');
    assert.equal(retried.status, 202, JSON.stringify(retried.body));
    assert.equal((retried.body.replayed as unknown[]).length, 2);
    await waitFor(() => at('/flaky').filter((r) => String(r.headers['webhook-id']).endsWith('.replay-1')).length === 2, 'both replays at the receiver');
    await waitFor(async () => ((await api('GET', '/v1/deliveries?receiver=flaky&status=delivered')).body.items as unknown[]).length === 2, 'both replays delivered');
    // Nothing failed is left to retry: a second call sends nothing.
    assert.deepEqual((await api('POST', '/v1/receivers/flaky/deliveries/retry?max_age_hours=1')).body.replayed, []);
    assert.equal((await api('POST', '/v1/receivers/flaky/deliveries/retry?max_age_hours=abc')).status, 400);
  });

  it('an inhibit rule mutes a target while its source incident is open, including a source opened before the rule existed', async () => {
    // The source opens first; dispatch keeps no open-incident view until a rule needs one, so this checks it is rebuilt from the table.
    await alert({ alertname: 'ClusterDown', cluster: 'c1', severity: 'critical' }, 'fp-cluster-down');
    await waitFor(() => at('/pager').some((r) => alertname(r) === 'ClusterDown'), 'the source incident notified');
    const rule = await api('POST', '/v1/inhibit-rules', { id: 'cluster-down', sourceMatchers: ['alertname="ClusterDown"'], targetMatchers: ['severity="warning"'], equal: ['cluster'] });
    assert.equal(rule.status, 201, JSON.stringify(rule.body));
    await sleep(1_500); // the rule reaches the router's cache by LISTEN/NOTIFY
    await alert({ alertname: 'NodeSlow', cluster: 'c1', severity: 'warning' }, 'fp-node-slow-c1');
    await alert({ alertname: 'NodeSlow', cluster: 'c2', severity: 'warning' }, 'fp-node-slow-c2');
    await waitFor(async () => {
      const muted = await api('GET', '/v1/deliveries?receiver=fallback&status=muted');
      return (muted.body.items as Array<{ lastErrorClass: string }>).some((i) => i.lastErrorClass === 'muted_inhibition');
    }, 'the target in cluster c1 to be recorded as muted by inhibition');
    await waitFor(() => at('/fallback').some((r) => r.json<Body>().incident.labels.cluster === 'c2'), 'the same alert in cluster c2 delivered');
    await sleep(500);
    assert.equal(at('/fallback').some((r) => alertname(r) === 'NodeSlow' && r.json<Body>().incident.labels.cluster === 'c1'), false, 'the inhibited target was not sent');
    assert.equal((await api('DELETE', '/v1/inhibit-rules/cluster-down')).status, 204);
  });
});
