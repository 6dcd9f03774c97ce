import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { alertmanagerWebhook, postJson } from '../support/alerts.js';
import { freePort, HeraldStack, SERVICE_NAMES } from '../support/stack.js';
import { TestReceiver } from '../support/receiver.js';
import { waitFor } from '../support/wait.js';

const PROMETHEUS = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
const KEY = 'prom-e2e-alertmanager-key-0001';
const TOKEN = 'prom-e2e-admin-token-00000001';
const skip = existsSync(PROMETHEUS) ? false : `Prometheus is not installed at ${PROMETHEUS} (apt-get install prometheus, or set PROMETHEUS_BIN)`;

interface QueryResult {
  status: string;
  data: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> };
}

describe('a real Prometheus server scrapes every service', { skip }, () => {
  let stack: HeraldStack;
  let prometheus: ChildProcess | undefined;
  let promUrl = '';
  let dir = '';
  const promOutput: string[] = [];
  // Alerts labelled fail=yes are refused with 400 (not retried: a failed delivery); the rest get 200.
  const receiver = new TestReceiver((request) => {
    const body = request.json<{ incident: { labels: Record<string, string> } }>();
    return { status: body.incident.labels['fail'] === 'yes' ? 400 : 200 };
  });

  async function query(expr: string): Promise<QueryResult['data']['result']> {
    const response = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await response.json()) as QueryResult;
    assert.equal(body.status, 'success', `${expr}: ${JSON.stringify(body)}`);
    return body.data.result;
  }

  async function scalar(expr: string): Promise<number | undefined> {
    const result = await query(expr);
    return result[0] ? Number(result[0].value[1]) : undefined;
  }

  /** Waits for Prometheus to have scraped the value (scrape interval 1 s). */
  async function expectValue(expr: string, expected: number): Promise<void> {
    let last: number | undefined;
    try {
      await waitFor(async () => (last = await scalar(expr)) === expected, `${expr} == ${expected}`, 20_000, 250);
    } catch {
      assert.fail(`${expr}: Prometheus answers ${last}, expected ${expected}`);
    }
  }

  before(async () => {
    await receiver.start();
    stack = await HeraldStack.start({
      env: { DISPATCH_ALLOW_CIDRS: '127.0.0.0/8', HERALD_ADMIN_TOKEN: TOKEN },
      config: `
integrations:
  - id: prom-alertmanager
    name: Alertmanager
    source: alertmanager
    key: ${KEY}
dispatch:
  receivers:
    - id: ops-webhook
      name: Ops webhook
      channel: webhook
      settings:
        url: ${receiver.url('/hook')}
  route:
    receiver: ops-webhook
`,
    });
    dir = mkdtempSync(join(tmpdir(), 'herald-prometheus-'));
    const config = [
      'global:',
      '  scrape_interval: 1s',
      '  scrape_timeout: 1s',
      'scrape_configs:',
      ...SERVICE_NAMES.flatMap((service) => [
        `  - job_name: ${service}`,
        '    static_configs:',
        `      - targets: ['${new URL(stack.url(service)).host}']`,
      ]),
    ].join('\n');
    writeFileSync(join(dir, 'prometheus.yml'), `${config}\n`);
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      PROMETHEUS,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus.stdout?.on('data', (c: Buffer) => promOutput.push(c.toString()));
    prometheus.stderr?.on('data', (c: Buffer) => promOutput.push(c.toString()));
    await waitFor(
      async () => {
        if (prometheus?.exitCode !== null) throw new Error(`prometheus exited:\n${promOutput.join('')}`);
        return fetch(`${promUrl}/-/ready`).then((r) => r.ok, () => false);
      },
      'Prometheus to become ready',
      20_000,
      100,
    );
  });

  after(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus!.once('exit', resolve));
      prometheus.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
    await stack?.stop();
    await stack?.cleanup();
    await receiver.stop();
  });

  it('scrapes every service', async () => {
    await waitFor(async () => (await query('up == 1')).length === SERVICE_NAMES.length, 'every target up', 20_000, 250);
    const jobs = (await query('up == 1')).map((r) => r.metric['job']).sort();
    assert.deepEqual(jobs, [...SERVICE_NAMES].sort());
    // Before any delivery: the configured receiver's series exist at 0, so rate() starts at zero.
    await expectValue('herald_notifications_total{receiver="ops-webhook",channel="webhook",outcome="delivered"}', 0);
    // One series per final outcome (delivered, failed, dead, muted); `retrying` is an attempt, not an outcome.
    await expectValue('count(herald_notifications_total{receiver="ops-webhook"})', 4);
  });

  it('answers the expected notification counters and histogram counts for a known set of deliveries', async () => {
    const alerts = [1, 2, 3, 4, 5].map((i) => ({
      labels: { alertname: `PromTest${i}`, severity: 'critical', instance: `host-${i}`, ...(i === 5 ? { fail: 'yes' } : {}) },
      summary: `prometheus e2e ${i}`,
      fingerprint: `prom-fp-${i}`,
    }));
    const response = await postJson(stack.url('ingestion', '/v1/webhooks/prom-alertmanager'), alertmanagerWebhook(alerts), { authorization: `Bearer ${KEY}` });
    assert.equal(response.status, 202, JSON.stringify(response.body));
    await receiver.waitForCount(5);

    const ops = 'receiver="ops-webhook",channel="webhook"';
    await expectValue(`herald_notifications_total{${ops},outcome="delivered"}`, 4);
    await expectValue(`herald_notifications_total{${ops},outcome="failed"}`, 1);
    await expectValue(`herald_notifications_total{${ops},outcome="dead"}`, 0);
    await expectValue(`sum(herald_notifications_total{job="analytics"})`, 5);
    await expectValue(`herald_notification_attempts_total{${ops},status_class="4xx"}`, 1);
    await expectValue('herald_notification_attempt_duration_seconds_count{channel="webhook"}', 5);
    await expectValue('herald_notification_attempt_duration_seconds_bucket{channel="webhook",le="+Inf"}', 5);
    await expectValue('herald_alert_to_notification_seconds_count{channel="webhook"}', 4);
    await expectValue('herald_alert_to_notification_seconds_bucket{channel="webhook",le="+Inf"}', 4);
    await expectValue('herald_alert_to_notification_seconds_count{channel="slack"}', 0);
    // Dispatch counts the retries it handed back to the broker (none here: the 4xx was final).
    await expectValue('sum(herald_delivery_retries_scheduled_total{channel="webhook"})', 0);

    const p95 = await scalar('histogram_quantile(0.95, sum by (le) (herald_notification_attempt_duration_seconds_bucket{channel="webhook"}))');
    assert.ok(p95 !== undefined && p95 > 0 && p95 <= 30, `p95 from Prometheus: ${p95}`);

    // The analytics API tells the same story from its rollups.
    const api = await fetch(stack.url('analytics', '/v1/analytics/receivers/ops-webhook?period_days=1'), { headers: { authorization: `Bearer ${TOKEN}` } });
    const figures = (await api.json()) as { successful_deliveries: number; failed_deliveries: number; errors: Record<string, number> };
    assert.equal(figures.successful_deliveries, 4);
    assert.equal(figures.failed_deliveries, 1);
    assert.equal(figures.errors['4xx'], 1);
  });

  it('has the pipeline gauges for every Herald consumer', async () => {
    for (const consumer of ['incidents', 'dispatch-router', 'dispatch-sender', 'analytics-deliveries', 'incidents-escalations']) {
      await expectValue(`herald_jetstream_consumer_exists{consumer="${consumer}"}`, 1);
      await expectValue(`herald_jetstream_consumer_pending_messages{consumer="${consumer}"}`, 0);
    }
    // Every consumer reported is one that runs: a 0 here would page someone for a consumer Herald never creates.
    await expectValue('count(herald_jetstream_consumer_exists == 0) or vector(0)', 0);
    // Five outcomes (four delivered, one failed) travel in one message per outcome kind and
    // receiver and dispatch commit: two messages at least, five at most.
    // Waited for like expectValue: the gauge reaches Prometheus a scrape after the stream changed.
    let deliveries: number | undefined;
    const inRange = (n: number | undefined): boolean => n !== undefined && n >= 2 && n <= 5;
    await waitFor(async () => inRange((deliveries = await scalar('herald_jetstream_stream_messages{stream="DELIVERIES"}'))), 'DELIVERIES count', 20_000, 250).catch(
      () => undefined,
    );
    assert.ok(inRange(deliveries), `DELIVERIES holds ${deliveries} messages`);
    await expectValue('sum(herald_dlq_stream_messages)', 0);
  });
});
