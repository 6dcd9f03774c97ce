import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalise } from '../normalise.js';
import { DELETE, withChanges } from '../testing/json-paths.js';
import { errorPaths, expectAlerts, expectOne, testContext } from '../testing/test-context.js';
import { uptimeKumaDown, uptimeKumaTest, uptimeKumaUp } from './uptime-kuma.samples.js';

const ctx = testContext();

describe('uptime kuma normaliser', () => {
  it('triggers a critical alert when a monitor goes down', () => {
    const alert = expectOne(normalise('uptime-kuma', uptimeKumaDown, ctx));
    assert.equal(alert.action, 'trigger');
    assert.equal(alert.severity, 'critical');
    assert.equal(alert.dedupKey, 'uptime-kuma:29');
    assert.equal(alert.summary, 'Checkout website is down: timeout of 48000ms exceeded');
    assert.equal(alert.service, 'Checkout website');
    // Kuma's heartbeat time is UTC without a zone.
    assert.equal(alert.occurredAt, '2024-05-01T11:51:35.527Z');
    assert.deepEqual(alert.links, [{ href: 'https://shop.example.com/checkout', text: 'Monitored URL' }]);
  });

  it('resolves the same key when it comes back up', () => {
    const alert = expectOne(normalise('uptime-kuma', uptimeKumaUp, ctx));
    assert.equal(alert.action, 'resolve');
    assert.equal(alert.dedupKey, 'uptime-kuma:29');
    assert.equal(alert.severity, 'info');
  });

  it('ignores test notifications, pending and maintenance heartbeats', () => {
    const cases = [
      uptimeKumaTest,
      withChanges(uptimeKumaDown, { 'heartbeat.status': 2 }),
      withChanges(uptimeKumaDown, { 'heartbeat.status': 3 }),
      withChanges(uptimeKumaDown, { heartbeat: null }),
    ];
    for (const body of cases) assert.deepEqual(expectAlerts(normalise('uptime-kuma', body, ctx)), []);
  });

  it('falls back to the heartbeat monitorID when the monitor is absent', () => {
    const alert = expectOne(normalise('uptime-kuma', withChanges(uptimeKumaDown, { monitor: null }), ctx));
    assert.equal(alert.dedupKey, 'uptime-kuma:29');
    assert.equal(alert.summary, 'monitor 29 is down: timeout of 48000ms exceeded');
  });

  it('names every bad field', () => {
    const cases = [
      { body: {}, paths: ['heartbeat', 'monitor'] },
      { body: withChanges(uptimeKumaDown, { 'heartbeat.status': 'down' }), paths: ['heartbeat.status'] },
      { body: withChanges(uptimeKumaDown, { monitor: null, 'heartbeat.monitorID': DELETE }), paths: ['monitor'] },
      { body: withChanges(uptimeKumaDown, { 'monitor.id': DELETE }), paths: ['monitor.id'] },
    ];
    for (const { body, paths } of cases) assert.deepEqual(errorPaths(normalise('uptime-kuma', body, ctx)), paths);
  });
});
