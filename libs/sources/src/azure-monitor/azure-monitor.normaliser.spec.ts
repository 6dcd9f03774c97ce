import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalise } from '../normalise.js';
import { DELETE, withChanges } from '../testing/json-paths.js';
import { errorPaths, expectOne, testContext } from '../testing/test-context.js';
import { azureFired, azureResolved } from './azure-monitor.samples.js';

const ctx = testContext();

describe('azure monitor normaliser', () => {
  it('turns a Fired alert into a trigger keyed by alertId', () => {
    const alert = expectOne(normalise('azure-monitor', azureFired, ctx));
    assert.equal(alert.action, 'trigger');
    assert.equal(alert.dedupKey, azureFired.data.essentials.alertId);
    assert.equal(alert.severity, 'info');
    assert.equal(alert.summary, 'WCUS-R2-Gen2: CPU on the build VM above 90%');
    assert.equal(alert.service, 'wcus-r2-gen2');
    assert.equal(alert.occurredAt, '2024-05-01T11:58:24.371Z');
    assert.deepEqual(alert.labels, {
      team: 'build',
      environment: 'prod',
      alert_rule: 'WCUS-R2-Gen2',
      severity: 'Sev3',
      signal_type: 'Metric',
      monitoring_service: 'Platform',
      configuration_items: 'wcus-r2-gen2',
    });
    assert.deepEqual(alert.details.alertTargetIDs, azureFired.data.essentials.alertTargetIDs);
  });

  it('resolves at resolvedDateTime', () => {
    const alert = expectOne(normalise('azure-monitor', azureResolved, ctx));
    assert.equal(alert.action, 'resolve');
    assert.equal(alert.dedupKey, azureFired.data.essentials.alertId);
    assert.equal(alert.occurredAt, '2024-05-01T12:03:16.224Z');
  });

  it('maps Sev0..Sev4', () => {
    const cases = [
      ['Sev0', 'critical'],
      ['Sev1', 'error'],
      ['Sev2', 'warning'],
      ['Sev3', 'info'],
      ['Sev4', 'info'],
    ] as const;
    for (const [sev, expected] of cases) {
      const body = withChanges(azureFired, { 'data.essentials.severity': sev });
      assert.equal(expectOne(normalise('azure-monitor', body, ctx)).severity, expected, sev);
    }
    const remapped = normalise('azure-monitor', azureFired, testContext({ severityMap: { Sev3: 'warning' } }));
    assert.equal(expectOne(remapped).severity, 'warning');
  });

  it('names every bad field', () => {
    const cases = [
      { body: withChanges(azureFired, { schemaId: 'Microsoft.Insights/activityLogs' }), paths: ['schemaId'] },
      {
        body: withChanges(azureFired, {
          'data.essentials.alertId': DELETE,
          'data.essentials.severity': 'Sev9',
          'data.essentials.monitorCondition': 'Open',
        }),
        paths: ['data.essentials.alertId', 'data.essentials.severity', 'data.essentials.monitorCondition'],
      },
      { body: withChanges(azureFired, { 'data.essentials.configurationItems': 'vm' }), paths: ['data.essentials.configurationItems'] },
    ];
    for (const { body, paths } of cases) assert.deepEqual(errorPaths(normalise('azure-monitor', body, ctx)), paths);
  });
});
