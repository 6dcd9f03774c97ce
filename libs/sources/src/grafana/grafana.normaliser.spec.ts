import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelSetFingerprint } from '../core/fingerprint.js';
import { normalise } from '../normalise.js';
import { DELETE, withChanges } from '../testing/json-paths.js';
import { errorPaths, expectAlerts, expectOne, testContext } from '../testing/test-context.js';
import { grafanaFiring, grafanaResolved } from './grafana.samples.js';

const ctx = testContext();

describe('grafana normaliser', () => {
  it('turns each firing alert into a trigger with Grafana links and values', () => {
    const [memory, cpu] = expectAlerts(normalise('grafana', grafanaFiring, ctx));
    assert.ok(memory && cpu);
    assert.equal(memory.action, 'trigger');
    assert.equal(memory.dedupKey, 'c6eadffa33fcdf37');
    assert.equal(memory.severity, 'warning');
    assert.equal(memory.summary, 'This alert was triggered for zone us-1');
    assert.equal(memory.occurredAt, '2024-05-01T11:51:03.157Z');
    assert.equal(memory.endsAt, undefined);
    assert.deepEqual(memory.details.values, { B: 44.23943737541908, C: 1 });
    assert.equal(memory.details.orgId, 1);
    assert.deepEqual(
      memory.links.map((l) => l.text),
      ['Alert rule', 'Dashboard', 'Panel', 'Silence', 'Runbook'],
    );
    assert.equal(cpu.dedupKey, 'bc97ff14869b13e3');
    assert.equal(cpu.severity, 'info');
    assert.equal(cpu.summary, 'The system has high CPU usage');
    // Empty dashboard and panel URLs are not links.
    assert.deepEqual(
      cpu.links.map((l) => l.text),
      ['Alert rule', 'Silence'],
    );
  });

  it('resolves with occurredAt and endsAt at the resolution time', () => {
    const alert = expectOne(normalise('grafana', grafanaResolved, ctx));
    assert.equal(alert.action, 'resolve');
    assert.equal(alert.dedupKey, 'c6eadffa33fcdf37');
    assert.equal(alert.occurredAt, '2024-05-01T12:20:03.157Z');
    assert.equal(alert.endsAt, '2024-05-01T12:20:03.157Z');
  });

  it('uses the fingerprint, else the label hash', () => {
    const body = withChanges(grafanaResolved, { 'alerts.0.fingerprint': DELETE });
    assert.equal(
      expectOne(normalise('grafana', body, ctx)).dedupKey,
      labelSetFingerprint(grafanaResolved.alerts[0]!.labels),
    );
  });

  it('names every bad field', () => {
    const cases = [
      { body: 'firing', paths: [''] },
      { body: withChanges(grafanaFiring, { alerts: DELETE, orgId: 'one' }), paths: ['orgId', 'alerts'] },
      { body: withChanges(grafanaFiring, { 'alerts.1.values': [1, 2] }), paths: ['alerts[1].values'] },
    ];
    for (const { body, paths } of cases) assert.deepEqual(errorPaths(normalise('grafana', body, ctx)), paths);
  });
});
