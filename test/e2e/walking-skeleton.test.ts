import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { alertmanagerWebhook, postJson } from '../support/alerts.js';
import { HeraldStack, metricValue } from '../support/stack.js';
import { TestReceiver } from '../support/receiver.js';
import { waitFor } from '../support/wait.js';

const KEY = 'e2e-alertmanager-key-0001';
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

interface HeraldWebhookBody {
  type: string;
  incident: { id: string; labels: Record<string, string>; summary: string; severity: string; status: string };
}

describe('walking skeleton: one alert through every service', () => {
  let stack: HeraldStack;
  const receiver = new TestReceiver();

  before(async () => {
    await receiver.start();
    stack = await HeraldStack.start({
      env: { DISPATCH_ALLOW_CIDRS: '127.0.0.0/8' },
      config: `
integrations:
  - id: prod-alertmanager
    name: Production Alertmanager
    source: alertmanager
    key: ${KEY}
dispatch:
  receivers:
    - id: ops-webhook
      name: Ops webhook
      channel: webhook
      settings:
        url: ${receiver.url('/hook')}
        signing:
          secrets: [${SECRET}]
  route:
    receiver: ops-webhook
`,
    });
  });

  after(async () => {
    await stack?.stop();
    await stack?.cleanup();
    await receiver.stop();
  });

  it('delivers an Alertmanager alert to the receiver with its labels, signed, and counts it', async () => {
    const labels = { alertname: 'DiskFull', severity: 'critical', instance: 'db-1:9100', team: 'storage' };
    const response = await postJson(
      stack.url('ingestion', '/v1/webhooks/prod-alertmanager'),
      alertmanagerWebhook([{ labels, summary: 'Disk almost full on db-1', fingerprint: 'e2e-fp-1' }]),
      { authorization: `Bearer ${KEY}` },
    );
    assert.equal(response.status, 202, JSON.stringify(response.body));

    await receiver.waitForCount(1);
    const request = receiver.requests[0]!;
    const body = request.json<HeraldWebhookBody>();
    assert.equal(body.type, 'incident.triggered');
    assert.deepEqual(body.incident.labels, labels);
    assert.equal(body.incident.summary, 'Disk almost full on db-1');
    assert.equal(body.incident.severity, 'critical');
    // An independent implementation of Standard Webhooks accepts the signature.
    const verified = new Webhook(SECRET).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    });
    assert.ok(verified);

    await waitFor(
      async () => metricValue(await stack.metrics('analytics'), 'herald_notifications_total', { receiver: 'ops-webhook', channel: 'webhook', outcome: 'delivered' }) === 1,
      'analytics to count the delivery',
    );
    const metrics = await stack.metrics('analytics');
    assert.equal(metricValue(metrics, 'herald_alert_to_notification_seconds_count', { channel: 'webhook' }), 1);
  });

  it('folds a repeat of the same alert into the open incident without a second notification', async () => {
    const labels = { alertname: 'DiskFull', severity: 'critical', instance: 'db-1:9100', team: 'storage' };
    const response = await postJson(
      stack.url('ingestion', '/v1/webhooks/prod-alertmanager'),
      alertmanagerWebhook([{ labels, summary: 'Disk almost full on db-1 (again)', fingerprint: 'e2e-fp-1' }]),
      { authorization: `Bearer ${KEY}` },
    );
    assert.equal(response.status, 202);
    await waitFor(
      async () => metricValue(await stack.metrics('incidents'), 'herald_alerts_deduplicated_total') === 1,
      'incidents to count the duplicate',
    );
    assert.equal(metricValue(await stack.metrics('incidents'), 'herald_incidents_opened_total', { severity: 'critical' }), 1);
    assert.equal(receiver.requests.length, 1, 'a duplicate is not notified again');
  });

  it('refuses a bad key and publishes nothing', async () => {
    const before = metricValue(await stack.metrics('ingestion'), 'herald_alerts_normalised_total', { source: 'alertmanager', action: 'trigger' });
    const response = await postJson(stack.url('ingestion', '/v1/webhooks/prod-alertmanager'), alertmanagerWebhook([{ labels: { alertname: 'X' }, summary: 'x' }]), {
      authorization: 'Bearer wrong-key-wrong-key',
    });
    assert.equal(response.status, 401);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(metricValue(await stack.metrics('ingestion'), 'herald_alerts_normalised_total', { source: 'alertmanager', action: 'trigger' }), before);
  });

  it('serves health and metrics on every service', async () => {
    for (const service of ['ingestion', 'incidents', 'dispatch', 'analytics'] as const) {
      const live = await fetch(stack.url(service, '/health/live'));
      assert.equal(live.status, 200, service);
      const ready = (await (await fetch(stack.url(service, '/health/ready'))).json()) as { status: string; checks: Record<string, string> };
      assert.equal(ready.status, 'ok', `${service}: ${JSON.stringify(ready)}`);
      assert.equal(ready.checks['nats'], 'up');
      const metrics = await stack.metrics(service);
      assert.match(metrics, /^process_cpu_user_seconds_total /m);
    }
  });
});
