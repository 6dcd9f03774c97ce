import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Validator } from '@seriousme/openapi-schema-validator';
import { after, before, describe, it } from 'node:test';
import { alertmanagerIntegrationYaml, alertmanagerWebhook, postJson } from '../support/alerts.js';
import { commandLines, snippetOf } from '../support/docs.js';
import { TestReceiver } from '../support/receiver.js';
import { HeraldStack } from '../support/stack.js';
import { sleep, waitFor } from '../support/wait.js';

/*
 * The gateway is Herald's one entry point: it forwards every management API and alert
 * endpoint to its service, and speaks Alertmanager's API v2, checked here with the real
 * `amtool` (Debian's prometheus-alertmanager package).
 */
const AMTOOL = [process.env.AMTOOL_BIN, '/usr/bin/amtool', '/usr/local/bin/amtool'].find((p) => p !== undefined && existsSync(p));
const TOKEN = 'e2e-gateway-admin-token-01';
const KEY = 'e2e-gateway-am-key-000001';
const run = promisify(execFile);

interface AmtoolAlert {
  labels: Record<string, string>;
  receivers: Array<{ name: string }>;
  status: { state: string; silencedBy: string[] };
}
interface AmtoolSilence {
  id: string;
  status: { state: string };
  matchers: Array<{ name: string; value: string; isRegex: boolean; isEqual: boolean }>;
  createdBy: string;
  comment: string;
}

describe('the gateway', () => {
  let stack: HeraldStack;
  let dir = '';
  const receiver = new TestReceiver();

  const gateway = (path: string): string => stack.url('gateway', path);
  const auth = { authorization: `Bearer ${TOKEN}` };
  const sendAlert = (alertname: string, instance: string) =>
    postJson(gateway('/v1/webhooks/gateway-am'), alertmanagerWebhook([{ labels: { alertname, instance, severity: 'critical' }, summary: `${alertname} on ${instance}` }]), {
      authorization: `Bearer ${KEY}`,
    });
  const notified = (alertname: string): boolean =>
    receiver.requests.some((r) => r.json<{ incident?: { labels?: Record<string, string> } }>().incident?.labels?.alertname === alertname);

  const amtool = async (...args: string[]): Promise<string> => {
    const { stdout } = await run(AMTOOL!, [`--alertmanager.url=${gateway('/')}`, `--http.config.file=${join(dir, 'http.yml')}`, ...args], { timeout: 20_000 });
    return stdout;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-gateway-'));
    writeFileSync(join(dir, 'http.yml'), `authorization:\n  credentials: ${TOKEN}\n`);
    await receiver.start();
    stack = await HeraldStack.start({
      services: ['ingestion', 'incidents', 'dispatch', 'analytics', 'gateway'],
      env: { HERALD_ADMIN_TOKEN: TOKEN, DISPATCH_ALLOW_CIDRS: '127.0.0.0/8' },
      config: `${alertmanagerIntegrationYaml('gateway-am', KEY)}dispatch:
  receivers:
    - id: ops
      name: Ops webhook
      channel: webhook
      settings:
        url: ${receiver.url('/hook')}
    - id: db-pager
      name: Database pager
      channel: webhook
      settings:
        url: ${receiver.url('/db')}
  route:
    receiver: ops
    routes:
      - matchers: ['instance=~"db-.*"']
        receiver: db-pager
        continue: true
      - matchers: ['severity="critical"']
        receiver: ops
`,
    });
  });

  after(async () => {
    await stack?.stop();
    await stack?.cleanup();
    await receiver.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('forwards management APIs to their service, with the caller’s credentials', async () => {
    const receivers = await fetch(gateway('/v1/receivers'), { headers: auth });
    assert.equal(receivers.status, 200);
    assert.deepEqual(((await receivers.json()) as { items: Array<{ id: string }> }).items.map((r) => r.id).sort(), ['db-pager', 'ops']);
    assert.equal((await fetch(gateway('/v1/incidents?limit=5'), { headers: auth })).status, 200);
    assert.equal((await fetch(gateway('/v1/receivers'))).status, 401, 'the service still checks the token');
    const invalid = await fetch(gateway('/v1/incidents?status=bogus'), { headers: auth });
    assert.equal(invalid.status, 400);
    assert.match(await invalid.text(), /status/);
    assert.equal((await fetch(gateway('/v1/nothing-here'), { headers: auth })).status, 404);
  });

  it('answers where an incident with given labels would be routed (dispatch, through the gateway)', async () => {
    const routed = await postJson(gateway('/v1/routes/test'), { labels: { alertname: 'DiskFull', severity: 'critical' } }, auth);
    assert.equal(routed.status, 200, JSON.stringify(routed.body));
    assert.deepEqual(routed.body, { receivers: ['ops'], matches: [{ receiver: 'ops', path: [1] }] });
    const batch = await postJson(gateway('/v1/routes/test/batch'), { labelSets: [{ instance: 'db-1', severity: 'critical' }, { instance: 'web-1' }] }, auth);
    assert.equal(batch.status, 200, JSON.stringify(batch.body));
    assert.deepEqual((batch.body as { results: Array<{ receivers: string[] }> }).results.map((r) => r.receivers), [['db-pager', 'ops'], ['ops']]);
    const badBatch = await postJson(gateway('/v1/routes/test/batch'), { labelSets: [{ instance: 'db-1' }, { instance: 7 }] }, auth);
    assert.equal(badBatch.status, 400);
    assert.match(JSON.stringify(badBatch.body), /labelSets\.1\.instance/);
    const bad = await postJson(gateway('/v1/routes/test'), { labels: { alertname: 7 } }, auth);
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /labels\.alertname/);
  });

  it('forwards alert endpoints with the body untouched, so the alert becomes an incident and a notification', async () => {
    const sent = await sendAlert('DiskFull', 'db-1');
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    await waitFor(() => notified('DiskFull'), 'the DiskFull notification');
  });

  it('serves one valid OpenAPI 3.1 document with every service’s routes and its own', async () => {
    const response = await fetch(gateway('/openapi.json'));
    assert.equal(response.status, 200);
    const document = (await response.json()) as { paths: Record<string, Record<string, unknown>> };
    const result = await new Validator().validate(document);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
    assert.doesNotMatch(JSON.stringify(document), /#\/\$defs\/|"\$ref":"#"/, 'every reference resolves inside the document');
    const operations = (paths: Record<string, Record<string, unknown>>): string[] => Object.entries(paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m} ${path}`));
    const merged = new Set(operations(document.paths));
    let total = 0;
    for (const service of ['ingestion', 'incidents', 'dispatch', 'analytics'] as const) {
      const own = operations(((await (await fetch(stack.url(service, '/openapi.json'))).json()) as typeof document).paths);
      assert.ok(own.length > 0, `${service} describes its API`);
      for (const operation of own) assert.ok(merged.has(operation), `${operation} (${service}) is in the gateway's document`);
      total += own.length;
    }
    for (const operation of ['get /v1/incidents/{id}', 'post /v1/silences', 'get /api/v2/alerts', 'post /api/v2/alerts', 'delete /api/v2/silence/{id}']) assert.ok(merged.has(operation), operation);
    assert.equal(merged.size, total + 9, "the services’ operations plus the gateway’s eight Alertmanager routes and its merged action log");
  });

  describe('Alertmanager API v2 with amtool', { skip: AMTOOL ? false : 'amtool is not installed (apt-get install prometheus-alertmanager)' }, () => {
    let silenceId = '';

    it('amtool alert query lists open incidents as alerts, filtered by matchers', async () => {
      await waitFor(async () => (await amtool('alert', 'query', '-o', 'json')).includes('DiskFull'), 'amtool to see DiskFull');
      const alerts = JSON.parse(await amtool('alert', 'query', '-o', 'json', 'alertname=DiskFull')) as AmtoolAlert[];
      assert.equal(alerts.length, 1);
      assert.equal(alerts[0]!.labels.instance, 'db-1');
      assert.equal(alerts[0]!.labels.severity, 'critical');
      assert.equal(alerts[0]!.status.state, 'active');
      assert.deepEqual(alerts[0]!.receivers.map((r) => r.name), ['db-pager', 'ops'], 'the receivers the routing tree sends it to');
      const paged = JSON.parse(await amtool('alert', 'query', '-o', 'json', '--receiver=db-pager')) as AmtoolAlert[];
      assert.deepEqual(paged.map((a) => a.labels.alertname), ['DiskFull']);
      assert.deepEqual(JSON.parse(await amtool('alert', 'query', '-o', 'json', '--receiver=nobody')), []);
      assert.deepEqual(JSON.parse(await amtool('alert', 'query', '-o', 'json', 'alertname=NoSuchAlert')), []);
      const simple = await amtool('alert', 'query', 'alertname=~"Disk.*"');
      assert.match(simple, /DiskFull/);
    });

    it('amtool silence add creates a Herald silence, and query shows it', async () => {
      silenceId = (await amtool('silence', 'add', '--author=ana', '--comment=replacing the disk', '--duration=1h', 'alertname=CpuHigh', 'instance=~"web-.*"')).trim();
      assert.match(silenceId, /^[0-9a-f-]{36}$/);
      const herald = (await (await fetch(gateway(`/v1/silences/${silenceId}`), { headers: auth })).json()) as { matchers: string[]; author: string; state: string };
      assert.deepEqual(herald.matchers, ['alertname="CpuHigh"', 'instance=~"web-.*"']);
      assert.equal(herald.author, 'ana');
      assert.equal(herald.state, 'active');
      const silences = JSON.parse(await amtool('silence', 'query', '-o', 'json', 'alertname=CpuHigh')) as AmtoolSilence[];
      assert.deepEqual(
        silences.map((s) => [s.id, s.status.state, s.createdBy, s.comment]),
        [[silenceId, 'active', 'ana', 'replacing the disk']],
      );
      assert.deepEqual(silences[0]!.matchers[1], { name: 'instance', value: 'web-.*', isRegex: true, isEqual: true });
      assert.deepEqual(JSON.parse(await amtool('silence', 'query', '-o', 'json', 'alertname=Other')), []);
    });

    it('a silence added with amtool mutes the next matching alert, and amtool shows it as silenced', async () => {
      assert.equal((await sendAlert('CpuHigh', 'web-1')).status, 202);
      // A later, unsilenced alert: once its notification arrives, dispatch has had the muted one too.
      assert.equal((await sendAlert('Sentinel', 'web-1')).status, 202);
      await waitFor(() => notified('Sentinel'), 'the Sentinel notification');
      await sleep(500);
      assert.equal(notified('CpuHigh'), false, 'the silenced alert was not delivered');
      const active = JSON.parse(await amtool('alert', 'query', '-o', 'json', 'alertname=CpuHigh')) as AmtoolAlert[];
      assert.deepEqual(active, [], 'amtool shows only unsilenced alerts by default');
      const silenced = JSON.parse(await amtool('alert', 'query', '--silenced', '-o', 'json', 'alertname=CpuHigh')) as AmtoolAlert[];
      assert.equal(silenced.length, 1);
      assert.deepEqual(silenced[0]!.status.silencedBy, [silenceId]);
      assert.equal(silenced[0]!.status.state, 'suppressed');
    });

    it('amtool silence expire ends the silence, which stays listed as expired', async () => {
      await amtool('silence', 'expire', silenceId);
      const herald = (await (await fetch(gateway(`/v1/silences/${silenceId}`), { headers: auth })).json()) as { state: string };
      assert.equal(herald.state, 'expired');
      assert.deepEqual(JSON.parse(await amtool('silence', 'query', '-o', 'json')), [], 'amtool hides expired silences');
      const expired = JSON.parse(await amtool('silence', 'query', '--expired', '-o', 'json')) as AmtoolSilence[];
      assert.deepEqual(expired.map((s) => [s.id, s.status.state]), [[silenceId, 'expired']]);
    });

    it('runs the operating guide’s amtool lines as written (only the URL changes)', async () => {
      const lines = commandLines(snippetOf('docs/operating.md', 'amtool')).map((line) => line.replace('http://127.0.0.1:8085', gateway('')));
      assert.equal(lines.length, 4);
      const sh = async (line: string): Promise<string> => (await run('sh', ['-c', line.replace(/^amtool /, `${AMTOOL!} `)], { cwd: dir, timeout: 20_000 })).stdout;
      writeFileSync(join(dir, 'amtool-http.yml'), `authorization: { credentials: ${TOKEN} }\n`);
      assert.match(await sh(lines[0]!), /DiskFull/);
      const id = (await sh(lines[1]!)).trim();
      assert.match(id, /^[0-9a-f-]{36}$/);
      assert.match(await sh(lines[2]!), new RegExp(id));
      await sh(lines[3]!.replace('<id>', id));
      const expired = (await (await fetch(gateway(`/v1/silences/${id}`), { headers: auth })).json()) as { state: string; matchers: string[]; comment: string };
      assert.deepEqual([expired.state, expired.matchers, expired.comment], ['expired', ['alertname="DiskFull"', 'instance="db-1"'], 'disk swap']);
    });

    it('answers receivers, status and alert groups as Alertmanager does, and refuses a bad matcher with 400', async () => {
      const receivers = (await (await fetch(gateway('/api/v2/receivers'), { headers: auth })).json()) as Array<{ name: string }>;
      assert.deepEqual(receivers.map((r) => r.name).sort(), ['db-pager', 'herald', 'ops']);
      const status = (await (await fetch(gateway('/api/v2/status'))).json()) as { cluster: { status: string } };
      assert.equal(status.cluster.status, 'disabled');
      const groups = (await (await fetch(gateway('/api/v2/alerts/groups'), { headers: auth })).json()) as Array<{ labels: Record<string, string>; receiver: { name: string }; alerts: unknown[] }>;
      const diskFull = groups.filter((g) => g.labels.alertname === 'DiskFull' && g.alerts.length === 1).map((g) => g.receiver.name);
      assert.deepEqual(diskFull.sort(), ['db-pager', 'ops'], 'one group per receiver the alert is routed to');
      const bad = await fetch(gateway('/api/v2/alerts?filter=alertname%3D~%22(%22'), { headers: auth });
      assert.equal(bad.status, 400);
      assert.match((await bad.json()) as string, /invalid regular expression/);
      const noMatchers = await postJson(gateway('/api/v2/silences'), { matchers: [], startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 60_000).toISOString(), createdBy: 'a', comment: 'c' }, auth);
      assert.equal(noMatchers.status, 400);
      assert.match(noMatchers.body as string, /matchers/);
      assert.equal((await fetch(gateway('/api/v2/alerts'))).status, 401, 'the Alertmanager API needs the token too');
    });
  });
});
