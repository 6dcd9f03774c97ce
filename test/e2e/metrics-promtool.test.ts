import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { alertmanagerWebhook, postJson } from '../support/alerts.js';
import { HeraldStack, SERVICE_NAMES } from '../support/stack.js';
import { TestReceiver } from '../support/receiver.js';
import { waitFor } from '../support/wait.js';

const PROMTOOL = process.env.PROMTOOL_BIN ?? 'promtool';
const SERVICES = [...SERVICE_NAMES, 'gateway'] as const;
const KEY = 'promtool-e2e-alertmanager-key1';
const installed = spawnSync(PROMTOOL, ['--version'], { encoding: 'utf8' });
const skip = installed.error || installed.status !== 0 ? `promtool is not installed (apt-get install prometheus, or set PROMTOOL_BIN): ${installed.error?.message ?? installed.stderr}` : false;

describe('promtool check metrics accepts every service\'s /metrics', { skip }, () => {
  let stack: HeraldStack;
  // The first attempt fails with 503 (retried after about a second), then 200: retry, delivered and histogram series get values.
  const receiver = new TestReceiver((_request, index) => ({ status: index === 0 ? 503 : 200 }));

  before(async () => {
    await receiver.start();
    stack = await HeraldStack.start({
      services: SERVICES,
      env: { DISPATCH_ALLOW_CIDRS: '127.0.0.0/8' },
      // The server storage gauges are declared (names checked) though nothing answers there;
      // their values are checked against a real /jsz in jetstream-server-storage.test.ts.
      serviceEnv: { analytics: { ANALYTICS_NATS_MONITORING_URLS: 'http://127.0.0.1:9' } },
      config: `
integrations:
  - id: promtool-alertmanager
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
    // Some traffic first, so the output has observed values, not only pre-initialised zeros;
    // a refused request too (bad key), so rejection series are exercised.
    const alerts = [{ labels: { alertname: 'PromtoolCheck', severity: 'critical', instance: 'db-1' }, summary: 'promtool', fingerprint: 'promtool-fp-1' }];
    const accepted = await postJson(stack.url('ingestion', '/v1/webhooks/promtool-alertmanager'), alertmanagerWebhook(alerts), { authorization: `Bearer ${KEY}` });
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    const refused = await postJson(stack.url('ingestion', '/v1/webhooks/promtool-alertmanager'), alertmanagerWebhook(alerts), { authorization: 'Bearer wrong-key-wrong-key' });
    assert.equal(refused.status, 401);
    await receiver.waitForCount(2);
    await waitFor(async () => /herald_notifications_total\{[^}]*outcome="delivered"[^}]*\} 1$/m.test(await stack.metrics('analytics')), 'analytics to count the delivery');
  });

  after(async () => {
    await stack?.stop();
    await stack?.cleanup();
    await receiver.stop();
  });

  for (const service of SERVICES) {
    it(`${service}: no problems`, async () => {
      const response = await fetch(stack.url(service, '/metrics'));
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      const text = await response.text();
      assert.match(text, /^# TYPE process_cpu_user_seconds_total counter$/m, 'a real exposition, not an error page');
      const check = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
      const problems = `${check.stdout}${check.stderr}`.trim();
      assert.equal(problems, '', `promtool check metrics on ${service}:\n${problems}`);
      assert.equal(check.status, 0);
    });
  }

  it('every metric of every service follows the naming rules, and one name has one type and one meaning everywhere', async () => {
    const seen = new Map<string, { type: string; help: string; service: string }>();
    const problems: string[] = [];
    for (const service of SERVICES) {
      const families = familiesOf(await stack.metrics(service));
      for (const problem of namingProblems(families)) problems.push(`${service}: ${problem}`);
      for (const family of families) {
        const other = seen.get(family.name);
        if (other && (other.type !== family.type || other.help !== family.help)) {
          problems.push(`${family.name}: ${other.type} "${other.help}" in ${other.service}, ${family.type} "${family.help}" in ${service}`);
        }
        seen.set(family.name, { ...family, service });
      }
      const text = await stack.metrics(service);
      assert.match(text, new RegExp(`^herald_build_info\\{[^}]*service="${service}"[^}]*\\} 1$`, 'm'), `${service}: herald_build_info`);
      assert.match(text, /^herald_http_requests_total\{[^}]*route="\/metrics"[^}]*\} \d+$/m, `${service}: HTTP request metrics`);
    }
    for (const name of ['herald_ingestion_alerts_total', 'herald_jetstream_server_storage_bytes', 'herald_jetstream_server_storage_limit_bytes']) {
      assert.ok(seen.has(name), `${name} checked`);
    }
    assert.deepEqual(problems, []);
  });
});

interface Family {
  readonly name: string;
  readonly type: string;
  readonly help: string;
}

function familiesOf(text: string): Family[] {
  const help = new Map([...text.matchAll(/^# HELP (\S+) (.*)$/gm)].map((m) => [m[1]!, m[2]!]));
  return [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => ({ name: m[1]!, type: m[2]!, help: help.get(m[1]!) ?? '' }));
}

/**
 * Prometheus naming practice, checked beyond what promtool checks: counters and only counters
 * end in `_total`; no two names become one once `_total` is stripped (OpenMetrics,
 * OpenTelemetry); times are in seconds; Herald's own metrics carry the `herald_` prefix.
 */
function namingProblems(families: readonly Family[]): string[] {
  const problems: string[] = [];
  const stripped = new Map<string, string>();
  for (const { name, type } of families) {
    if (!/^[a-z][a-z0-9_]*$/.test(name)) problems.push(`${name}: not snake_case`);
    if (type === 'counter' && !name.endsWith('_total')) problems.push(`${name}: a counter must end in _total`);
    if (type !== 'counter' && name.endsWith('_total')) problems.push(`${name}: a ${type} must not end in _total`);
    if (!/^(herald|process|nodejs)_/.test(name)) problems.push(`${name}: Herald's metrics start with herald_`);
    if (/(duration|latency|_time_|_age_)/.test(name) && !/_seconds(_total)?$/.test(name)) problems.push(`${name}: a time is measured in _seconds`);
    if (/_(milliseconds|ms|minutes|hours)(_|$)/.test(name)) problems.push(`${name}: base units (seconds), not ${name}`);
    const base = name.replace(/_total$/, '');
    const clash = stripped.get(base);
    if (clash) problems.push(`${name} and ${clash} are one name once _total is stripped`);
    stripped.set(base, name);
  }
  return problems;
}
