import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, HeraldStack } from '../support/stack.js';
import { TestReceiver } from '../support/receiver.js';
import { waitFor } from '../support/wait.js';

/*
 * A real Prometheus lists Herald under `alerting.alertmanagers`: its alerts arrive at
 * Herald's Alertmanager-compatible `POST /api/v2/alerts`, authenticated by the key, and
 * reach a receiver as an incident that resolves when the rule stops firing.
 */
const PROMETHEUS = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
const MISSING = existsSync(PROMETHEUS) ? false : `Prometheus is not installed (${PROMETHEUS} missing): apt-get install prometheus, or set PROMETHEUS_BIN`;
const KEY = 'e2e-real-prometheus-key-00001';
const FIRING_SECONDS = 12;

interface HeraldWebhookBody {
  type: string;
  incident: { labels: Record<string, string>; summary: string; severity: string; status: string; source: string; integrationId: string };
}

describe('a real Prometheus sends its alerts to Herald', { skip: MISSING }, () => {
  let stack: HeraldStack;
  let prometheus: ChildProcess | undefined;
  let output = '';
  let dir = '';
  const receiver = new TestReceiver();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-prometheus-'));
    await receiver.start();
    stack = await HeraldStack.start({
      services: ['ingestion', 'incidents', 'dispatch'],
      env: { DISPATCH_ALLOW_CIDRS: '127.0.0.0/8' },
      config: `
integrations:
  - { id: real-prometheus, name: Real Prometheus, source: prometheus, key: ${KEY} }
dispatch:
  receivers:
    - { id: ops, name: Ops webhook, channel: webhook, settings: { url: ${receiver.url('/hook')} } }
  route:
    receiver: ops
`,
    });
    const until = Math.floor(Date.now() / 1_000) + FIRING_SECONDS;
    writeFileSync(
      join(dir, 'rules.yml'),
      `groups:
  - name: herald-e2e
    interval: 1s
    rules:
      - alert: HeraldPrometheusE2E
        expr: vector(time()) < ${until}
        labels: { severity: warning, team: e2e }
        annotations: { summary: Prometheus reached Herald directly }
`,
    );
    const ingestion = new URL(stack.url('ingestion'));
    writeFileSync(
      join(dir, 'prometheus.yml'),
      `global: { evaluation_interval: 1s, scrape_interval: 15s }
rule_files: [rules.yml]
alerting:
  alertmanagers:
    - static_configs: [{ targets: ['${ingestion.host}'] }]
      authorization: { credentials: ${KEY} }
      api_version: v2
`,
    );
    const port = await freePort();
    prometheus = spawn(
      PROMETHEUS,
      [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--rules.alert.resend-delay=1s'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000));
    prometheus.stdout?.on('data', keep);
    prometheus.stderr?.on('data', keep);
    try {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/-/ready`).catch(() => undefined))?.status === 200, 'Prometheus to become ready', 20_000, 100);
    } catch (error) {
      throw new Error(`${(error as Error).message}:\n${output}`);
    }
  });

  after(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus!.once('exit', resolve));
      prometheus.kill('SIGTERM');
      await exited;
    }
    await stack?.stop();
    await stack?.cleanup();
    await receiver.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const bodies = () => receiver.requests.map((r) => r.json<HeraldWebhookBody>());

  it('opens one incident for the firing rule, whatever Prometheus resends', async () => {
    await waitFor(() => bodies().some((b) => b.type === 'incident.triggered'), `the triggered notification\n${output.slice(-3_000)}`, 30_000);
    const triggered = bodies().find((b) => b.type === 'incident.triggered')!;
    assert.deepEqual(triggered.incident.labels, { alertname: 'HeraldPrometheusE2E', severity: 'warning', team: 'e2e' });
    assert.equal(triggered.incident.summary, 'Prometheus reached Herald directly');
    assert.equal(triggered.incident.severity, 'warning');
    assert.equal(triggered.incident.source, 'prometheus');
    assert.equal(triggered.incident.integrationId, 'real-prometheus');
  });

  it('resolves it when the rule stops firing', async () => {
    await waitFor(() => bodies().some((b) => b.type === 'incident.resolved'), `the resolved notification\n${output.slice(-3_000)}`, FIRING_SECONDS * 1_000 + 30_000);
    assert.deepEqual(
      bodies().map((b) => b.type),
      ['incident.triggered', 'incident.resolved'],
      'resends every second were folded into the open incident, not notified again',
    );
  });
});
