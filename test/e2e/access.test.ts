import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { alertmanagerIntegrationYaml, alertmanagerWebhook, postJson } from '../support/alerts.js';
import { HeraldStack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

/*
 * Scoped tokens, the acting identity and the authenticating proxy's user header, through the
 * gateway to the services that enforce them.
 */
const ADMIN = 'e2e-access-admin-token-000';
const ANA = 'e2e-access-ana-responder-01';
const GRAFANA = 'e2e-access-grafana-viewer-1';
const ROOT = 'e2e-access-root-admin-token1';
const KEY = 'e2e-access-am-key-000000001';
// Two more admin tokens, as during a rotation: the outgoing one and its successor, both valid at once.
const ADMIN_OLD = 'e2e-access-admin-outgoing-1';
const ADMIN_NEW = 'e2e-access-admin-incoming-1';

interface Reply {
  status: number;
  body: unknown;
}

/** An HTTP call from a chosen loopback address (127.0.0.2 is not a trusted proxy here). */
function callFrom(localAddress: string, url: string, method: string, headers: Record<string, string>, body?: unknown): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, localAddress, headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : undefined }));
    });
    req.on('error', reject);
    req.end(body !== undefined ? JSON.stringify(body) : undefined);
  });
}

describe('scoped tokens, acting identity and a trusted proxy header', () => {
  let stack: HeraldStack;
  let incident = '';
  const url = (path: string): string => stack.url('gateway', path);
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) => callFrom('127.0.0.1', url(path), method, headers, body);
  /**
   * The management actions dispatch has logged so far (`about`: a path they must name). Its output is read as
   * it arrives, and a line can reach this process a little after the answer it belongs to.
   */
  const audited = (about = ''): Array<{ actor: string; role: string; method: string; path: string }> =>
    stack
      .output('dispatch')
      .split('\n')
      .filter((line) => line.includes('"management action"') && line.includes(about))
      .map((line) => JSON.parse(line) as { actor: string; role: string; method: string; path: string });
  const timeline = async (): Promise<Array<{ type: string; data: { by?: { name?: string }; author?: string } }>> =>
    ((await call('GET', `/v1/incidents/${incident}`, as(ADMIN))).body as { timeline: Array<{ type: string; data: { by?: { name?: string }; author?: string } }> }).timeline;

  before(async () => {
    stack = await HeraldStack.start({
      services: ['ingestion', 'incidents', 'dispatch', 'gateway'],
      env: {
        HERALD_ADMIN_TOKEN: ADMIN,
        HERALD_TOKENS: `ana:responder:${ANA},grafana:viewer:${GRAFANA},root:admin:${ROOT},ops-2026-11:admin:${ADMIN_OLD},ops-2026-12:admin:${ADMIN_NEW}`,
        HERALD_TRUSTED_USER_HEADER: 'X-Forwarded-User',
        HERALD_TRUSTED_USER_ROLE: 'responder',
        HERALD_TRUSTED_PROXIES: '127.0.0.1/32',
      },
      // Info level, for the audit lines checked below.
      serviceEnv: { dispatch: { LOG_LEVEL: 'info' } },
      config: alertmanagerIntegrationYaml('access-am', KEY),
    });
    const sent = await postJson(url('/v1/webhooks/access-am'), alertmanagerWebhook([{ labels: { alertname: 'AccessTest', severity: 'critical' }, summary: 'access test' }]), as(KEY));
    assert.equal(sent.status, 202);
    await waitFor(async () => {
      const page = (await call('GET', '/v1/incidents', as(ADMIN))).body as { items: Array<{ id: string }> };
      incident = page.items[0]?.id ?? '';
      return incident !== '';
    }, 'the incident');
  });

  after(async () => {
    await stack?.stop();
    await stack?.cleanup();
  });

  it('a viewer token reads but may not act (403 naming who and what)', async () => {
    assert.equal((await call('GET', '/v1/incidents', as(GRAFANA))).status, 200);
    assert.equal((await call('GET', '/v1/receivers', as(GRAFANA))).status, 200);
    const ack = await call('POST', `/v1/incidents/${incident}/acknowledge`, as(GRAFANA), {});
    assert.equal(ack.status, 403);
    assert.match(JSON.stringify(ack.body), /grafana \(viewer\) may not POST/);
    const silence = await call('POST', '/v1/silences', as(GRAFANA), { matchers: ['a="b"'], startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 60_000).toISOString(), author: 'g', comment: 'c' });
    assert.equal(silence.status, 403);
    assert.equal((await call('GET', '/v1/incidents', as('a-token-nobody-was-ever-given'))).status, 401);
    // The Alertmanager API asks dispatch where each alert goes: a question a viewer may ask.
    const alerts = await call('GET', '/api/v2/alerts', as(GRAFANA));
    assert.equal(alerts.status, 200, JSON.stringify(alerts.body));
    assert.deepEqual((alerts.body as Array<{ labels: { alertname: string } }>).map((a) => a.labels.alertname), ['AccessTest']);
  });

  it('a responder token acts on incidents and silences, recorded under its own name whatever the body says', async () => {
    const ack = await call('POST', `/v1/incidents/${incident}/acknowledge`, as(ANA), { by: 'somebody-else' });
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
    const acknowledged = (await timeline()).find((e) => e.type === 'IncidentAcknowledged');
    assert.equal(acknowledged?.data.by?.name, 'ana');
    const silence = await call('POST', '/v1/silences', as(ANA), { matchers: ['alertname="AccessTest"'], startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 60_000).toISOString(), author: 'not-ana', comment: 'looking' });
    assert.equal(silence.status, 201, JSON.stringify(silence.body));
    assert.equal((silence.body as { author: string }).author, 'ana', 'a silence is authored by whoever created it');
    const routes = await call('PUT', '/v1/routes', as(ANA), {});
    assert.equal(routes.status, 403, 'changing the routing tree is for admins');
    // Every change is logged with who made it (the audit trail), refusals not.
    await waitFor(() => audited().length > 0, 'the audit line of the silence', 5_000).catch(() => undefined);
    assert.deepEqual(
      audited().map((a) => [a.actor, a.role, a.method, a.path]),
      [['ana', 'responder', 'POST', '/v1/silences']],
    );
  });

  it('the shared admin token must say who acts', async () => {
    const anonymous = await call('POST', `/v1/incidents/${incident}/notes`, as(ADMIN), { text: 'who am I' });
    assert.equal(anonymous.status, 400);
    assert.match(JSON.stringify(anonymous.body), /author/);
    const named = await call('POST', `/v1/incidents/${incident}/notes`, as(ADMIN), { author: 'night shift', text: 'named' });
    assert.equal(named.status, 201);
    assert.ok((await timeline()).some((e) => e.type === 'IncidentNoteAdded' && e.data.author === 'night shift'));
  });

  it('behind the authenticating proxy, its user header names the person (with the configured role)', async () => {
    const note = await call('POST', `/v1/incidents/${incident}/notes`, { 'x-forwarded-user': 'carol@example.com' }, { text: 'from the proxy' });
    assert.equal(note.status, 201, JSON.stringify(note.body));
    assert.ok((await timeline()).some((e) => e.type === 'IncidentNoteAdded' && e.data.author === 'carol@example.com'));
    assert.equal((await call('GET', '/api/v2/alerts', { 'x-forwarded-user': 'carol@example.com' })).status, 200, 'the Alertmanager API passes the user on');
  });

  it('records who acted on every management action, in every service, and shows it at /v1/actions', async () => {
    type Action = { service: string; actor: string; role: string; method: string; path: string };
    const actions = async (query: string, token = GRAFANA): Promise<Action[]> => {
      const reply = await call('GET', `/v1/actions${query}`, as(token));
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      return (reply.body as { items: Action[] }).items;
    };
    const ok = async (method: string, path: string, body?: unknown, token = ROOT): Promise<void> => {
      const reply = await call(method, path, as(token), body);
      assert.ok(reply.status < 300, `${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
    };
    const hour = (h: number): string => new Date(Date.now() + h * 3_600_000).toISOString();
    await ok('POST', '/v1/receivers', { id: 'audit-hook', name: 'Audit hook', channel: 'webhook', settings: { url: 'https://hooks.example.com/audit' } });
    await ok('POST', '/v1/receivers/audit-hook/pause');
    await ok('POST', '/v1/receivers/audit-hook/resume');
    await ok('POST', '/v1/receivers/audit-hook/deliveries/retry');
    await ok('PUT', '/v1/routes', { receiver: 'audit-hook' });
    await ok('POST', '/v1/maintenance-windows', { id: 'audit-window', matchers: ['env="staging"'], startsAt: hour(-1), endsAt: hour(1) });
    await ok('DELETE', '/v1/maintenance-windows/audit-window');
    await ok('POST', '/v1/integrations', { id: 'audit-am', name: 'Audit Alertmanager', source: 'alertmanager' });
    await ok('POST', `/v1/incidents/${incident}/notes`, { text: 'root was here' });
    // Questions, reads and refusals are not actions.
    await ok('POST', '/v1/routes/test', { labels: { alertname: 'x' } }, ANA);
    assert.equal((await call('POST', '/v1/receivers/audit-hook/pause', as(ANA))).status, 403);

    const byRoot = await actions('?actor=root');
    assert.deepEqual(
      byRoot.map((a) => [a.service, a.role, a.method, a.path]).reverse(),
      [
        ['dispatch', 'admin', 'POST', '/v1/receivers'],
        ['dispatch', 'admin', 'POST', '/v1/receivers/audit-hook/pause'],
        ['dispatch', 'admin', 'POST', '/v1/receivers/audit-hook/resume'],
        ['dispatch', 'admin', 'POST', '/v1/receivers/audit-hook/deliveries/retry'],
        ['dispatch', 'admin', 'PUT', '/v1/routes'],
        ['dispatch', 'admin', 'POST', '/v1/maintenance-windows'],
        ['dispatch', 'admin', 'DELETE', '/v1/maintenance-windows/audit-window'],
        ['ingestion', 'admin', 'POST', '/v1/integrations'],
        ['incidents', 'admin', 'POST', `/v1/incidents/${incident}/notes`],
      ],
    );
    const all = await actions('');
    assert.ok(all.some((a) => a.actor === 'ana' && a.method === 'POST' && a.path === '/v1/silences'), 'the responder’s silence');
    assert.ok(all.some((a) => a.actor === 'carol@example.com' && a.path === `/v1/incidents/${incident}/notes`), 'the proxy user’s note');
    assert.ok(!all.some((a) => a.path.startsWith('/v1/routes/test')), 'a route test changes nothing');
    assert.ok(!all.some((a) => a.actor === 'ana' && a.path.includes('audit-hook')), 'a refused request is not an action');
    const onReceiver = await actions('?path=/v1/receivers/audit-hook');
    assert.deepEqual(onReceiver.map((a) => a.path.replace('/v1/receivers/audit-hook', '…')).reverse(), ['…/pause', '…/resume', '…/deliveries/retry']);
    assert.deepEqual((await actions('?limit=2')).length, 2);
    const bad = await call('GET', '/v1/actions?limit=0', as(GRAFANA));
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /limit/);
    assert.equal((await call('GET', '/v1/actions', {})).status, 401);
  });

  it('the user header is ignored from an address that is not a trusted proxy, at the gateway and at a service', async () => {
    const viaGateway = await callFrom('127.0.0.2', url('/v1/incidents'), 'GET', { 'x-forwarded-user': 'mallory' });
    assert.equal(viaGateway.status, 401);
    const direct = await callFrom('127.0.0.2', stack.url('incidents', '/v1/incidents'), 'GET', { 'x-forwarded-user': 'mallory' });
    assert.equal(direct.status, 401);
  });

  // Last: it adds audit lines the responder test above counts.
  it('several admin tokens are valid at once (rotation without a window where none works), each audited under its name', async () => {
    const receiver = (id: string) => ({ id, name: id, channel: 'webhook', settings: { url: 'https://hooks.example.com/rotation' } });
    for (const [token, id] of [[ADMIN_OLD, 'rotation-old'], [ADMIN_NEW, 'rotation-new'], [ADMIN, 'rotation-shared']] as const) {
      const created = await call('POST', '/v1/receivers', as(token), receiver(id));
      assert.equal(created.status, 201, `${id}: ${JSON.stringify(created.body)}`);
    }
    // The three creations above are the last receiver actions (earlier tests acted as root too).
    const lastThree = (): string[] => audited('/v1/receivers').map((a) => a.actor).slice(-3);
    const expected = ['ops-2026-11', 'ops-2026-12', 'admin'];
    // Earlier receiver actions were the admin's too: wait for the three lines themselves, not for any 'admin'.
    await waitFor(() => lastThree().join() === expected.join(), 'the audit lines of the three creations', 5_000).catch(() => undefined);
    assert.deepEqual(lastThree(), expected);
    assert.equal((await call('POST', '/v1/receivers', as('e2e-access-admin-retired-00'), receiver('rotation-retired'))).status, 401, 'a token not configured is refused');
  });
});
