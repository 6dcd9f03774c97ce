import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ALERTMANAGER_MISSING, RealAlertmanager } from '../support/alertmanager.js';
import { dispatchToWebhook } from '../support/dispatch-config.js';
import { HeraldStack, metricValue, tearDown } from '../support/stack.js';
import { TestReceiver } from '../support/receiver.js';
import { waitFor } from '../support/wait.js';

/*
 * A real Alertmanager's always-firing Watchdog alert routed to a Herald heartbeat, as the
 * README tells an operator to set it up (webhook_configs with the key in http_config): while
 * Alertmanager runs, its repeats keep the heartbeat up; once it stops, Herald opens an incident,
 * and when it runs again with the Watchdog firing, its first ping resolves the incident.
 */
const KEY = 'e2e-heartbeat-watchdog-key-00001';
const ID = 'alertmanager-watchdog';

interface Notification {
  type: string;
  incident: { dedupKey: string; summary: string; labels: Record<string, string>; integrationId: string };
}

/** The snippet of the README, with intervals of seconds instead of minutes. */
const alertmanagerConfig = (heraldUrl: string) => `
route:
  receiver: default
  routes:
    - receiver: herald-heartbeat
      matchers: ['alertname="Watchdog"']
      group_wait: 0s
      group_interval: 1s
      repeat_interval: 1s
receivers:
  - name: default
  - name: herald-heartbeat
    webhook_configs:
      - url: ${heraldUrl}/v1/heartbeats/${ID}
        send_resolved: false
        http_config:
          authorization:
            credentials: ${KEY}
`;

describe("a real Alertmanager's Watchdog keeps a Herald heartbeat up", { skip: ALERTMANAGER_MISSING }, () => {
  let stack: HeraldStack;
  let alertmanager: RealAlertmanager | undefined;
  const receiver = new TestReceiver();
  const watchdog = () => [
    {
      labels: { alertname: 'Watchdog', severity: 'none' },
      annotations: { summary: 'An alert that should always be firing to certify that Alertmanager is working properly.' },
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    },
  ];

  before(async () => {
    await receiver.start();
    stack = await HeraldStack.start({
      services: ['ingestion', 'incidents', 'dispatch'],
      env: { DISPATCH_ALLOW_CIDRS: '127.0.0.0/8' },
      serviceEnv: { ingestion: { INGESTION_HEARTBEAT_CHECK_MS: '200' } },
      config: `
integrations:
  - { id: ${ID}, name: Alertmanager, source: heartbeat, key: ${KEY}, heartbeat: { intervalSeconds: 3, graceSeconds: 1 } }
${dispatchToWebhook(receiver.url('/hook'), ['triggered', 'resolved', 'reopened', 'deduplicated'])}`,
    });
    alertmanager = await new RealAlertmanager(alertmanagerConfig(stack.url('ingestion'))).start();
  });

  after(async () => {
    await alertmanager?.remove();
    await tearDown(stack, [], [receiver]);
  });

  const notified = () => receiver.requests.map((r) => r.json<Notification>()).filter((n) => n.incident.integrationId === ID);
  const pings = async () => metricValue(await stack.metrics('ingestion'), 'herald_heartbeat_pings_total', { integration: ID });

  it('stays up while Alertmanager repeats its Watchdog, longer than the interval and grace', async () => {
    assert.equal(await alertmanager!.post(watchdog()), 200);
    await waitFor(async () => (await pings()) >= 1, `the first ping\n${alertmanager!.output.slice(-3_000)}`, 20_000);
    // Six pings a second apart span more than the 4 s a silence would take to count as missed.
    await waitFor(async () => (await pings()) >= 7, `Alertmanager to repeat the Watchdog\n${alertmanager!.output.slice(-3_000)}`, 30_000);
    assert.deepEqual(notified(), []);
    assert.equal(metricValue(await stack.metrics('ingestion'), 'herald_heartbeat_missing', { integration: ID }), 0);
  });

  it('opens an incident once Alertmanager stops, and resolves it when Alertmanager runs again', async () => {
    await alertmanager!.stop();
    await waitFor(() => notified().some((n) => n.type === 'incident.triggered'), 'the incident for the silent Alertmanager', 20_000);
    const [opened] = notified();
    assert.match(opened!.incident.summary, /^No heartbeat from Alertmanager for \d+ s$/);
    assert.equal(opened!.incident.labels['integration'], 'Alertmanager');

    await alertmanager!.start();
    assert.equal(await alertmanager!.post(watchdog()), 200);
    await waitFor(() => notified().some((n) => n.type === 'incident.resolved'), `the resolution by the next Watchdog\n${alertmanager!.output.slice(-3_000)}`, 20_000);
    assert.deepEqual(notified().map((n) => n.type), ['incident.triggered', 'incident.resolved']);
  });
});
