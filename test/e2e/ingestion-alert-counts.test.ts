import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { alertmanagerWebhook, postJson } from '../support/alerts.js';
import { HeraldStack, metricValue } from '../support/stack.js';

/*
 * Ingestion counts alerts, not only requests, at the door: accepted, absorbed as a retry, and
 * refused (which never reach ALERTS). Ingestion runs for real; the
 * counts are read from their /metrics.
 */
const AM_KEY = 'alert-counts-am-key-000000001';
const PROM_KEY = 'alert-counts-prom-key-00000001';

function firing(n: number, prefix: string): Array<{ labels: Record<string, string>; summary: string }> {
  return Array.from({ length: n }, (_, i) => ({ labels: { alertname: `${prefix}${i}`, severity: 'warning' }, summary: `${prefix} ${i}` }));
}

function postableAlerts(n: number): unknown[] {
  return Array.from({ length: n }, (_, i) => ({ labels: { alertname: `Direct${i}` }, annotations: { summary: `direct ${i}` }, startsAt: new Date().toISOString() }));
}

describe('alerts counted at the door', () => {
  let stack: HeraldStack;

  before(async () => {
    stack = await HeraldStack.start({
      services: ['ingestion'],
      config: `
integrations:
  - { id: am, name: Alertmanager, source: alertmanager, key: ${AM_KEY} }
  - { id: prom, name: Prometheus, source: prometheus, key: ${PROM_KEY} }
`,
    });
  });

  after(async () => {
    await stack?.stop();
    await stack?.cleanup();
  });

  it('counts the alerts of accepted, retried and refused requests by source, beside the requests', async () => {
    const webhook = stack.url('ingestion', '/v1/webhooks/am');
    const auth = { authorization: `Bearer ${AM_KEY}` };
    // Accepted: one request, three alerts; its retry (same Idempotency-Key) is three duplicates.
    assert.equal((await postJson(webhook, alertmanagerWebhook(firing(3, 'Ok')), { ...auth, 'idempotency-key': 'batch-1' })).status, 202);
    assert.equal((await postJson(webhook, alertmanagerWebhook(firing(3, 'Ok')), { ...auth, 'idempotency-key': 'batch-1' })).status, 202);
    // Refused: a wrong key (two alerts), and a batch of four with one bad entry (all four refused).
    assert.equal((await postJson(webhook, alertmanagerWebhook(firing(2, 'Key')), { authorization: 'Bearer wrong-key-0000000000000' })).status, 401);
    const bad = alertmanagerWebhook(firing(4, 'Bad')) as { alerts: Array<Record<string, unknown>> };
    bad.alerts[2] = { ...bad.alerts[2], status: 42 };
    const refused = await postJson(webhook, bad, auth);
    assert.equal(refused.status, 400, JSON.stringify(refused.body));
    // Prometheus's own endpoint: five alerts accepted, then two refused for a bad key.
    const direct = stack.url('ingestion', '/api/v2/alerts');
    assert.equal((await postJson(direct, postableAlerts(5), { authorization: `Bearer ${PROM_KEY}` })).status, 200);
    assert.equal((await postJson(direct, postableAlerts(2), { authorization: 'Bearer not-a-prometheus-key-0000' })).status, 401);

    const metrics = await stack.metrics('ingestion');
    const alerts = (source: string, outcome: string): number => metricValue(metrics, 'herald_ingestion_alerts_total', { source, outcome });
    assert.deepEqual(
      { accepted: alerts('alertmanager', 'accepted'), duplicate: alerts('alertmanager', 'duplicate'), refused: alerts('alertmanager', 'refused') },
      { accepted: 3, duplicate: 3, refused: 6 },
    );
    assert.deepEqual({ accepted: alerts('prometheus', 'accepted'), refused: alerts('prometheus', 'refused') }, { accepted: 5, refused: 2 });
    assert.equal(alerts('datadog', 'refused'), 0, 'every source pre-initialised');
    // The request counters still count requests: two accepted for Alertmanager, not six alerts.
    assert.equal(metricValue(metrics, 'herald_alert_requests_accepted_total', { source: 'alertmanager' }), 2);
    assert.equal(metricValue(metrics, 'herald_alert_requests_rejected_total', { source: 'alertmanager', reason: 'invalid_body' }), 1);

    // What was accepted (not the absorbed retry) is what normalisation at the door made alerts of.
    const made = (source: string): number => metricValue(metrics, 'herald_alerts_normalised_total', { source, action: 'trigger' });
    assert.deepEqual({ alertmanager: made('alertmanager'), prometheus: made('prometheus') }, { alertmanager: 3, prometheus: 5 });
  });
});
