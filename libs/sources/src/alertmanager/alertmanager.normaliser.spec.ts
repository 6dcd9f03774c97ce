import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelSetFingerprint } from '../core/fingerprint.js';
import { normalise, validateBody } from '../normalise.js';
import { DELETE, withChanges } from '../testing/json-paths.js';
import { errorPaths, expectAlerts, expectOne, testContext } from '../testing/test-context.js';
import { alertmanagerFiring, alertmanagerResolved } from './alertmanager.samples.js';

const ctx = testContext();

describe('alertmanager normaliser', () => {
  it('turns each alert of a firing group into its own trigger', () => {
    const [disk, db2] = expectAlerts(normalise('alertmanager', alertmanagerFiring, ctx));
    assert.ok(disk && db2);
    assert.deepEqual(
      {
        source: disk.source,
        action: disk.action,
        dedupKey: disk.dedupKey,
        severity: disk.severity,
        summary: disk.summary,
        service: disk.service,
        occurredAt: disk.occurredAt,
        endsAt: disk.endsAt,
      },
      {
        source: 'alertmanager',
        action: 'trigger',
        dedupKey: '5f1d6b8a3c2e9f04',
        severity: 'critical',
        summary: 'Disk /var/lib/postgresql on db-1 will fill within 4 hours',
        service: 'node',
        occurredAt: '2024-05-01T11:52:30.123Z',
        endsAt: undefined,
      },
    );
    assert.equal(disk.labels.mountpoint, '/var/lib/postgresql');
    assert.equal(disk.annotations.runbook_url, 'https://runbooks.example.com/disk-filling-up');
    assert.deepEqual(
      disk.links.map((l) => l.text),
      ['Source', 'Alertmanager', 'Runbook'],
    );
    assert.equal(db2.severity, 'warning');
    assert.equal(db2.summary, 'Filesystem on db-2 is 82% full.');
    assert.equal(db2.dedupKey, '9a0c4e7b1d3f2a68');
  });

  it('resolves at endsAt and keeps endsAt', () => {
    const alert = expectOne(normalise('alertmanager', alertmanagerResolved, ctx));
    assert.equal(alert.action, 'resolve');
    assert.equal(alert.occurredAt, '2024-05-01T12:41:00.000Z');
    assert.equal(alert.endsAt, '2024-05-01T12:41:00.000Z');
    assert.equal(alert.dedupKey, '5f1d6b8a3c2e9f04');
  });

  it('maps labels.severity through the documented map', () => {
    const cases = [
      { label: 'critical', expected: 'critical' },
      { label: 'page', expected: 'critical' },
      { label: 'PAGE', expected: 'critical' },
      { label: 'error', expected: 'error' },
      { label: 'warning', expected: 'warning' },
      { label: 'info', expected: 'info' },
      { label: 'high', expected: 'info' },
      { label: DELETE, expected: 'info' },
    ];
    for (const { label, expected } of cases) {
      const body = withChanges(alertmanagerResolved, { 'alerts.0.labels.severity': label });
      assert.equal(expectOne(normalise('alertmanager', body, ctx)).severity, expected, String(label));
    }
  });

  it('lets the integration override the severity map', () => {
    const body = withChanges(alertmanagerResolved, { 'alerts.0.labels.severity': 'high' });
    const alert = expectOne(normalise('alertmanager', body, testContext({ severityMap: { HIGH: 'error', critical: 'warning' } })));
    assert.equal(alert.severity, 'error');
    const critical = expectOne(normalise('alertmanager', alertmanagerResolved, testContext({ severityMap: { critical: 'warning' } })));
    assert.equal(critical.severity, 'warning');
  });

  it('uses the fingerprint, else a hash of the labels that ignores their order', () => {
    const labels = alertmanagerResolved.alerts[0]!.labels;
    const reordered = Object.fromEntries(Object.entries(labels).reverse());
    const cases = [
      { changes: {}, expected: '5f1d6b8a3c2e9f04' },
      { changes: { 'alerts.0.fingerprint': DELETE }, expected: labelSetFingerprint(labels) },
      { changes: { 'alerts.0.fingerprint': '  ' }, expected: labelSetFingerprint(labels) },
      { changes: { 'alerts.0.fingerprint': null, 'alerts.0.labels': reordered }, expected: labelSetFingerprint(labels) },
    ];
    for (const { changes, expected } of cases) {
      const alert = expectOne(normalise('alertmanager', withChanges(alertmanagerResolved, changes), ctx));
      assert.equal(alert.dedupKey, expected, JSON.stringify(changes));
    }
  });

  it('takes the summary from summary, description, then alertname', () => {
    const cases = [
      { changes: { 'alerts.0.annotations': { summary: 'S', description: 'D' } }, expected: 'S' },
      { changes: { 'alerts.0.annotations': { description: 'D' } }, expected: 'D' },
      { changes: { 'alerts.0.annotations': {} }, expected: 'DiskFillingUp' },
      { changes: { 'alerts.0.annotations': DELETE, 'alerts.0.labels': { job: 'x' } }, expected: /alertmanager alert / },
    ];
    for (const { changes, expected } of cases) {
      const alert = expectOne(normalise('alertmanager', withChanges(alertmanagerResolved, changes), ctx));
      if (typeof expected === 'string') assert.equal(alert.summary, expected);
      else assert.match(alert.summary, expected);
    }
  });

  it('takes the service from labels.service, else labels.job', () => {
    const cases = [
      { labels: { alertname: 'A', service: 'api', job: 'node' }, expected: 'api' },
      { labels: { alertname: 'A', job: 'node' }, expected: 'node' },
      { labels: { alertname: 'A' }, expected: undefined },
    ];
    for (const { labels, expected } of cases) {
      const alert = expectOne(normalise('alertmanager', withChanges(alertmanagerResolved, { 'alerts.0.labels': labels }), ctx));
      assert.equal(alert.service, expected);
    }
  });

  it('falls back to receivedAt for unreadable times and ignores the zero endsAt', () => {
    const body = withChanges(alertmanagerFiring, { 'alerts.0.startsAt': 'yesterday' });
    const [alert] = expectAlerts(normalise('alertmanager', body, ctx));
    assert.equal(alert?.occurredAt, ctx.receivedAt);
    assert.equal(alert?.endsAt, undefined);
  });

  it('stringifies scalar label values and drops nulls', () => {
    const body = withChanges(alertmanagerResolved, {
      'alerts.0.labels': { alertname: 'A', replicas: 3, canary: true, gone: null },
    });
    assert.deepEqual(expectOne(normalise('alertmanager', body, ctx)).labels, {
      alertname: 'A',
      replicas: '3',
      canary: 'true',
    });
  });

  it('names every bad field', () => {
    const cases = [
      { body: [], paths: [''] },
      { body: {}, paths: ['alerts'] },
      { body: withChanges(alertmanagerFiring, { 'alerts.0.status': 'pending' }), paths: ['alerts[0].status'] },
      {
        body: withChanges(alertmanagerFiring, { 'alerts.0.labels': DELETE, 'alerts.1.labels.nested': { a: 1 } }),
        paths: ['alerts[0].labels', 'alerts[1].labels.nested'],
      },
      { body: withChanges(alertmanagerFiring, { 'alerts.1.startsAt': 1714564200 }), paths: ['alerts[1].startsAt'] },
    ];
    for (const { body, paths } of cases) {
      assert.deepEqual(errorPaths(normalise('alertmanager', body, ctx)), paths);
      assert.deepEqual(errorPaths(validateBody('alertmanager', body)), paths);
    }
  });

  it('accepts fields it does not know', () => {
    const body = withChanges(alertmanagerFiring, { 'alerts.0.newField': { x: 1 }, futureTopLevel: [1] });
    assert.equal(expectAlerts(normalise('alertmanager', body, ctx)).length, 2);
  });
});
