import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ALERTMANAGER_MISSING as MISSING, RealAlertmanager } from '../support/alertmanager.js';
import { dispatchToWebhook } from '../support/dispatch-config.js';
import { HeraldStack } from '../support/stack.js';
import { TestReceiver } from '../support/receiver.js';
import { waitFor } from '../support/wait.js';

/*
 * A real Alertmanager (Debian package prometheus-alertmanager) sends its webhook to
 * Herald: an alert posted to Alertmanager's own API becomes an incident that reaches a
 * receiver, and its resolution follows the same road.
 */
const KEY = 'e2e-real-alertmanager-key-0001';
const PROM_KEY = 'e2e-real-prometheus-key-00001';
const ONCALL_KEY = 'e2e-real-splunk-oncall-key-0001';

interface HeraldWebhookBody {
  type: string;
  incident: { dedupKey: string; labels: Record<string, string>; summary: string; severity: string; status: string; source: string; integrationId: string };
}

describe('a real Alertmanager sends to Herald', { skip: MISSING }, () => {
  let stack: HeraldStack;
  let alertmanager: RealAlertmanager | undefined;
  let amUrl = '';
  const receiver = new TestReceiver();

  before(async () => {
    await receiver.start();
    stack = await HeraldStack.start({
      services: ['ingestion', 'incidents', 'dispatch'],
      env: { DISPATCH_ALLOW_CIDRS: '127.0.0.0/8' },
      config: `
integrations:
  - id: real-alertmanager
    name: Real Alertmanager
    source: alertmanager
    key: ${KEY}
  - { id: real-prometheus, name: Prometheus and its Alertmanager, source: prometheus, key: ${PROM_KEY} }
  - { id: real-victorops, name: Alertmanager as a Splunk On-Call client, source: splunk-oncall, key: ${ONCALL_KEY} }
${dispatchToWebhook(receiver.url('/hook'), ['triggered', 'acknowledged', 'resolved', 'reopened', 'deduplicated'])}`,
    });
    alertmanager = new RealAlertmanager(
      `
route:
  receiver: herald
  group_by: [alertname]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
  routes:
    - receiver: herald-prometheus
      matchers: ['via="prometheus-integration"']
    - receiver: herald-victorops
      matchers: ['via="victorops"']
receivers:
  - name: herald-victorops
    victorops_configs:
      - api_url: ${stack.url('ingestion', '/integrations/generic/20131114/alert/')}
        api_key: ${ONCALL_KEY}
        routing_key: ops
        send_resolved: true
  - name: herald-prometheus
    webhook_configs:
      - url: ${stack.url('ingestion', '/v1/webhooks/real-prometheus')}
        send_resolved: true
        http_config:
          authorization:
            credentials: ${PROM_KEY}
  - name: herald
    webhook_configs:
      - url: ${stack.url('ingestion', '/v1/webhooks/real-alertmanager')}
        send_resolved: true
        http_config:
          authorization:
            credentials: ${KEY}
`,
    );
    await alertmanager.start();
    amUrl = alertmanager.url;
  });

  after(async () => {
    await alertmanager?.remove();
    await stack?.stop();
    await stack?.cleanup();
    await receiver.stop();
  });

  const postToAlertmanager = async (alerts: unknown[]): Promise<void> => {
    const response = await fetch(`${amUrl}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
    assert.equal(response.status, 200, await response.text());
  };
  const labels = { alertname: 'RealAlertmanagerDiskFull', severity: 'critical', instance: 'db-7:9100', team: 'storage' };
  const startsAt = new Date(Date.now() - 60_000).toISOString();

  it('turns an alert posted to Alertmanager into a triggered incident at the receiver', async () => {
    await postToAlertmanager([{ labels, annotations: { summary: 'Disk almost full on db-7' }, startsAt }]);
    await waitFor(() => receiver.requests.length >= 1, `the receiver to hear of the alert\n${alertmanager!.output.slice(-3_000)}`, 30_000);
    const body = receiver.requests[0]!.json<HeraldWebhookBody>();
    assert.equal(body.type, 'incident.triggered');
    assert.deepEqual(body.incident.labels, labels);
    assert.equal(body.incident.summary, 'Disk almost full on db-7');
    assert.equal(body.incident.severity, 'critical');
    assert.equal(body.incident.source, 'alertmanager');
    assert.equal(body.incident.integrationId, 'real-alertmanager');
    // Alertmanager's own fingerprint of the label set is the dedup key, within the integration.
    const amAlerts = (await (await fetch(`${amUrl}/api/v2/alerts`)).json()) as Array<{ fingerprint: string; labels: Record<string, string> }>;
    const fingerprint = amAlerts.find((a) => a.labels['alertname'] === labels.alertname)?.fingerprint;
    assert.equal(body.incident.dedupKey, `real-alertmanager/${fingerprint}`);
  });

  it('resolves the incident when Alertmanager sends the resolution', async () => {
    await postToAlertmanager([{ labels, annotations: { summary: 'Disk almost full on db-7' }, startsAt, endsAt: new Date(Date.now() - 1_000).toISOString() }]);
    await waitFor(
      () => receiver.requests.some((r) => r.json<HeraldWebhookBody>().type === 'incident.resolved'),
      `the receiver to hear of the resolution\n${alertmanager!.output.slice(-3_000)}`,
      30_000,
    );
    const resolved = receiver.requests.map((r) => r.json<HeraldWebhookBody>()).find((b) => b.type === 'incident.resolved')!;
    assert.equal(resolved.incident.status, 'resolved');
    assert.deepEqual(resolved.incident.labels, labels);
  });

  it('folds an alert Prometheus posts directly and the same alert relayed by Alertmanager into one incident', async () => {
    const folded = { alertname: 'RealFoldHighLatency', severity: 'warning', via: 'prometheus-integration', instance: 'web-3:9090' };
    const annotations = { summary: 'p99 latency above 2s on web-3' };
    const started = new Date(Date.now() - 120_000).toISOString();
    const ofPrometheus = () => receiver.requests.map((r) => r.json<HeraldWebhookBody>()).filter((b) => b.incident.integrationId === 'real-prometheus');

    // As Prometheus sends to an Alertmanager: an array of postable alerts on /api/v2/alerts.
    const direct = await fetch(stack.url('ingestion', '/api/v2/alerts'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${PROM_KEY}` },
      body: JSON.stringify([{ labels: folded, annotations, startsAt: started, endsAt: new Date(Date.now() + 300_000).toISOString() }]),
    });
    assert.equal(direct.status, 200);
    await waitFor(() => ofPrometheus().length >= 1, 'the incident opened by the direct post');

    await postToAlertmanager([{ labels: folded, annotations, startsAt: started }]);
    await waitFor(() => ofPrometheus().some((b) => b.type === 'incident.alert_deduplicated'), `Alertmanager's relay of the same alert\n${alertmanager!.output.slice(-3_000)}`, 30_000);
    // Read while the alert is active: Alertmanager lists no resolved alerts.
    const amAlerts = (await (await fetch(`${amUrl}/api/v2/alerts`)).json()) as Array<{ fingerprint: string; labels: Record<string, string> }>;
    const fingerprint = amAlerts.find((a) => a.labels['alertname'] === folded.alertname)?.fingerprint;
    await postToAlertmanager([{ labels: folded, annotations, startsAt: started, endsAt: new Date(Date.now() - 1_000).toISOString() }]);
    await waitFor(() => ofPrometheus().some((b) => b.type === 'incident.resolved'), `Alertmanager's resolution\n${alertmanager!.output.slice(-3_000)}`, 30_000);

    const seen = ofPrometheus();
    assert.deepEqual(seen.map((b) => b.type), ['incident.triggered', 'incident.alert_deduplicated', 'incident.resolved']);
    assert.equal(new Set(seen.map((b) => b.incident.dedupKey)).size, 1, 'one dedup key throughout');
    assert.equal(seen[0]!.incident.dedupKey, `real-prometheus/${fingerprint}`, "the key is Alertmanager's own fingerprint of the label set");
  });

  it("pages Herald through Splunk On-Call's REST endpoint with victorops_configs, trigger and recovery", async () => {
    const labels = { alertname: 'RealVictorOpsQueueBacklog', severity: 'critical', via: 'victorops' };
    const started = new Date(Date.now() - 60_000).toISOString();
    const ofVictorOps = () => receiver.requests.map((r) => r.json<HeraldWebhookBody>()).filter((b) => b.incident.integrationId === 'real-victorops');
    await postToAlertmanager([{ labels, annotations: { summary: 'Queue backlog above 10k' }, startsAt: started }]);
    await waitFor(() => ofVictorOps().length >= 1, `the CRITICAL message\n${alertmanager!.output.slice(-3_000)}`, 30_000);
    await postToAlertmanager([{ labels, annotations: { summary: 'Queue backlog above 10k' }, startsAt: started, endsAt: new Date(Date.now() - 1_000).toISOString() }]);
    await waitFor(() => ofVictorOps().some((b) => b.type === 'incident.resolved'), `the RECOVERY message\n${alertmanager!.output.slice(-3_000)}`, 30_000);
    const seen = ofVictorOps();
    assert.deepEqual(seen.map((b) => [b.type, b.incident.source]), [['incident.triggered', 'splunk-oncall'], ['incident.resolved', 'splunk-oncall']]);
    assert.equal(seen[0]!.incident.severity, 'critical');
    assert.match(seen[0]!.incident.summary, /\[FIRING:1\] RealVictorOpsQueueBacklog/);
  });
});
