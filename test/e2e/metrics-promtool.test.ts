import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { alertmanagerWebhook, postJson } from '../support/alerts.js';
import { HeraldStack, SERVICE_NAMES } from '../support/stack.js';
import { TestReceiver } from '../support/receiver.js';
import { waitFor } from '../support/wait.js';

const PROMTOOL = process.env.PROMTOOL_BIN ?? 'promtool';
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
      env: { DISPATCH_ALLOW_CIDRS: '127.0.0.0/8' },
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

  for (const service of SERVICE_NAMES) {
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
});
