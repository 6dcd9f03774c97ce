import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { snippetOf, snippetsIn, type Snippet } from '../support/docs.js';
import { ToolProcess } from '../support/processes.js';
import { freePort, HeraldStack, metricValue, ROOT } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

/*
 * Every snippet in the documentation, as pasted: herald.yaml ones through `herald config check`;
 * the senders' configurations through their own checkers and, where the sender is installed
 * here (Alertmanager, Prometheus, curl), by sending through the gateway to a new incident.
 * Only the placeholders change: the host (https://herald.example.com → the test's gateway)
 * and the key files.
 */
const DOCS = ['docs/point-your-tools.md', 'docs/configuration.md', 'docs/operating.md', 'README.md'];
const ADMIN = 'e2e-docs-admin-token-000001';
const KEYS = {
  HERALD_KEY_ALERTMANAGER: 'e2e-docs-alertmanager-key-01',
  HERALD_KEY_PROMETHEUS: 'e2e-docs-prometheus-key-0001',
  HERALD_KEY_GRAFANA: 'e2e-docs-grafana-key-0000001',
  HERALD_KEY_PAGERDUTY: 'e2e-docs-pagerduty-key-00001',
  HERALD_KEY_WATCHDOG: 'e2e-docs-watchdog-key-000001',
};
const ALERTMANAGER = ['/usr/bin/prometheus-alertmanager', '/usr/local/bin/alertmanager'].find(existsSync);
const PROMETHEUS = ['/usr/bin/prometheus', '/usr/local/bin/prometheus'].find(existsSync);
const PROMTOOL = ['/usr/bin/promtool', '/usr/local/bin/promtool'].find(existsSync);
const AMTOOL = ['/usr/bin/amtool', '/usr/local/bin/amtool'].find(existsSync);
const run = promisify(execFile);

const snippets = (): Snippet[] => snippetsIn(DOCS);
const ofKind = (kind: string): Snippet => {
  const found = snippets().find((s) => s.kind === kind);
  assert.ok(found, `a ${kind} snippet`);
  return found;
};

describe('the documentation’s snippets', () => {
  let stack: HeraldStack;
  let dir = '';
  const tools: ToolProcess[] = [];
  const gateway = (path = ''): string => stack.url('gateway', path);
  const here = (text: string): string => text.replaceAll('https://herald.example.com', gateway());
  const incidentNamed = async (summary: RegExp, label: string): Promise<void> => {
    await waitFor(
      async () => {
        const page = (await (await fetch(gateway('/v1/incidents?limit=100'), { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { items: Array<{ summary: string }> };
        return page.items.some((i) => summary.test(i.summary));
      },
      label,
      60_000,
      250,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${tools.map((t) => t.log.slice(-2_000)).join('\n')}`);
    });
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-docs-'));
    stack = await HeraldStack.start({
      services: ['ingestion', 'incidents', 'gateway'],
      env: { HERALD_ADMIN_TOKEN: ADMIN, ...KEYS },
      // The integrations exactly as the documentation declares them: the tools', and the README's heartbeat.
      config: stringify({
        integrations: [...(parse(ofKind('herald').text) as { integrations: unknown[] }).integrations, ...(parse(snippetOf('README.md', 'herald').text) as { integrations: unknown[] }).integrations],
      }),
    });
  });

  after(async () => {
    for (const tool of tools) await tool.stop();
    await stack?.stop();
    await stack?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('every herald.yaml snippet passes `herald config check`', async () => {
    const herald = snippets().filter((s) => s.kind === 'herald');
    assert.ok(herald.length >= 3, `${herald.length} herald.yaml snippets`);
    for (const [i, snippet] of herald.entries()) {
      const file = join(dir, `herald-${i}.yaml`);
      writeFileSync(file, snippet.text);
      // The check resolves receivers' …Env references as dispatch does: the variables the snippets name are set.
      const { stdout } = await run(join(ROOT, 'node_modules', '.bin', 'herald'), ['config', 'check', file], { env: { ...process.env, HERALD_SMTP_PASSWORD: 'docs-smtp-password' } }).catch((error: { stderr?: string }) => {
        throw new Error(`${snippet.where}: ${error.stderr ?? 'herald config check failed'}`);
      });
      assert.match(stdout, /valid/, snippet.where);
    }
  });

  it('alertmanager.yml: amtool accepts it and a real Alertmanager sends through it to a new incident', { skip: ALERTMANAGER && AMTOOL ? false : 'Alertmanager is not installed' }, async () => {
    const keyFile = join(dir, 'am-key');
    writeFileSync(keyFile, KEYS.HERALD_KEY_ALERTMANAGER);
    const config = join(dir, 'alertmanager.yml');
    writeFileSync(config, here(ofKind('alertmanager').text).replace('/etc/alertmanager/herald-key', keyFile));
    await run(AMTOOL!, ['check-config', config]);
    const port = await freePort();
    tools.push(
      await ToolProcess.start(
        ALERTMANAGER!,
        [`--config.file=${config}`, `--storage.path=${join(dir, 'am-data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='],
        `http://127.0.0.1:${port}/-/ready`,
      ),
    );
    const posted = await fetch(`http://127.0.0.1:${port}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ labels: { alertname: 'DocsAlertmanager', severity: 'critical' }, annotations: { summary: 'Sent by Alertmanager from the docs' } }]),
    });
    assert.equal(posted.status, 200);
    // Alertmanager's default group_wait is 30 s.
    await incidentNamed(/Sent by Alertmanager from the docs/, 'the incident from Alertmanager');
  });

  it("the README's Watchdog route: amtool accepts it and a real Alertmanager pings the heartbeat with it", { skip: ALERTMANAGER && AMTOOL ? false : 'Alertmanager is not installed' }, async () => {
    const keyFile = join(dir, 'watchdog-key');
    writeFileSync(keyFile, KEYS.HERALD_KEY_WATCHDOG);
    const config = join(dir, 'alertmanager-watchdog.yml');
    writeFileSync(config, here(ofKind('alertmanager-watchdog').text).replace('/etc/alertmanager/herald-watchdog-key', keyFile));
    await run(AMTOOL!, ['check-config', config]);
    const port = await freePort();
    tools.push(
      await ToolProcess.start(
        ALERTMANAGER!,
        [`--config.file=${config}`, `--storage.path=${join(dir, 'am-watchdog-data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='],
        `http://127.0.0.1:${port}/-/ready`,
      ),
    );
    const { stdout } = await run(AMTOOL!, ['alert', 'add', 'alertname=Watchdog', `--alertmanager.url=http://127.0.0.1:${port}`, `--end=${new Date(Date.now() + 3_600_000).toISOString()}`]);
    assert.equal(stdout.trim(), '');
    const pings = async () => metricValue(await (await fetch(stack.url('ingestion', '/metrics'))).text(), 'herald_heartbeat_pings_total', { integration: 'alertmanager-watchdog' });
    await waitFor(async () => (await pings()) >= 1, 'the Watchdog to ping the heartbeat', 30_000, 250).catch((error: Error) => {
      throw new Error(`${error.message}\n${tools.map((t) => t.log.slice(-2_000)).join('\n')}`);
    });
  });

  it('prometheus.yml: promtool accepts it and a real Prometheus sends through it to a new incident', { skip: PROMETHEUS && PROMTOOL ? false : 'Prometheus is not installed' }, async () => {
    const keyFile = join(dir, 'prom-key');
    writeFileSync(keyFile, KEYS.HERALD_KEY_PROMETHEUS);
    const gatewayHost = new URL(gateway()).host;
    const alerting = ofKind('prometheus')
      .text.replace('scheme: https', 'scheme: http')
      .replace("'herald.example.com'", `'${gatewayHost}'`)
      .replace('/etc/prometheus/herald-key', keyFile);
    writeFileSync(join(dir, 'rules.yml'), 'groups:\n  - name: docs\n    rules:\n      - alert: DocsPrometheus\n        expr: vector(1)\n        annotations: { summary: Sent by Prometheus from the docs }\n');
    const config = join(dir, 'prometheus.yml');
    writeFileSync(config, `global: { evaluation_interval: 1s }\nrule_files: [rules.yml]\n${alerting}`);
    await run(PROMTOOL!, ['check', 'config', config]);
    const port = await freePort();
    tools.push(
      await ToolProcess.start(
        PROMETHEUS!,
        [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'prom-data')}`, `--web.listen-address=127.0.0.1:${port}`, '--rules.alert.resend-delay=1s'],
        `http://127.0.0.1:${port}/-/ready`,
      ),
    );
    await incidentNamed(/Sent by Prometheus from the docs/, 'the incident from Prometheus');
  });

  it('the Grafana contact point: what Grafana sends with it opens an incident', async () => {
    const provisioning = parse(here(ofKind('grafana').text)) as { contactPoints: Array<{ receivers: Array<{ type: string; settings: Record<string, string> }> }> };
    const contact = provisioning.contactPoints[0]!.receivers[0]!;
    assert.equal(contact.type, 'webhook');
    const credentials = contact.settings.authorization_credentials!.replace('$HERALD_KEY_GRAFANA', KEYS.HERALD_KEY_GRAFANA);
    const body = {
      receiver: 'Herald',
      status: 'firing',
      orgId: 1,
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'DocsGrafana', severity: 'warning' },
          annotations: { summary: 'Sent by Grafana from the docs' },
          startsAt: new Date().toISOString(),
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'https://grafana.example.com/alerting/grafana/x/view',
          fingerprint: 'a1b2c3d4e5f60718',
          silenceURL: '',
          dashboardURL: '',
          panelURL: '',
          values: null,
        },
      ],
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      externalURL: 'https://grafana.example.com/',
      version: '1',
      groupKey: '{}:{}',
      truncatedAlerts: 0,
      title: '[FIRING:1]',
      state: 'alerting',
      message: 'firing',
    };
    const sent = await fetch(contact.settings.url!, {
      method: contact.settings.httpMethod,
      headers: { 'content-type': 'application/json', authorization: `${contact.settings.authorization_scheme} ${credentials}` },
      body: JSON.stringify(body),
    });
    assert.equal(sent.status, 202, await sent.text());
    await incidentNamed(/Sent by Grafana from the docs/, 'the incident from Grafana');
  });

  it('the PagerDuty Events API v2 client, run as written with curl, opens an incident', async () => {
    const { stdout } = await run('sh', ['-c', here(ofKind('pagerduty-events').text)], { env: { ...process.env, ...KEYS } });
    assert.match(stdout, /accepted|success/i, stdout);
    await incidentNamed(/Disk almost full on db-1/, 'the incident from the PagerDuty client');
  });
});
