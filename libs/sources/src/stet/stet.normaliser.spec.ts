import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalise } from '../normalise.js';
import { DELETE, withChanges } from '../testing/json-paths.js';
import { errorPaths, expectOne, testContext } from '../testing/test-context.js';
import { affectedSystemsKey } from './stet.normaliser.js';
import { stetCritical, stetNone, stetWarn } from './stet.samples.js';

const ctx = testContext();

describe('stet normaliser', () => {
  it('maps escalations to actions and severities', () => {
    const cases = [
      { body: stetCritical, action: 'trigger', severity: 'critical' },
      { body: stetWarn, action: 'trigger', severity: 'warning' },
      { body: stetNone, action: 'resolve', severity: 'info' },
    ];
    for (const { body, action, severity } of cases) {
      const alert = expectOne(normalise('stet', body, ctx));
      assert.deepEqual([alert.action, alert.severity], [action, severity], body.escalation);
      assert.equal(alert.summary, body.summary);
    }
  });

  it('keeps affected systems as a label and in details', () => {
    const alert = expectOne(normalise('stet', stetCritical, ctx));
    assert.equal(alert.labels.affected_systems, 'orders-db-replica-2,orders-db-primary');
    assert.deepEqual(alert.details.affected_systems, ['orders-db-replica-2', 'orders-db-primary']);
    assert.deepEqual(alert.details.evidence, { lag_seconds: 734, checked_at: '2024-05-01T11:59:00Z' });
    assert.equal(alert.occurredAt, '2024-05-01T11:59:02.000Z');
  });

  it('keys on dedup_key, then id, then the sorted set of affected systems', () => {
    const cases = [
      { body: withChanges(stetCritical, { dedup_key: 'orders-replication', id: 'x' }), expected: 'orders-replication' },
      { body: stetWarn, expected: 'esc-2024-05-01-0042' },
      { body: stetCritical, expected: affectedSystemsKey(['orders-db-primary', 'orders-db-replica-2']) },
      // The resolution lists the same systems in another order: same incident.
      { body: stetNone, expected: affectedSystemsKey(['orders-db-replica-2', 'orders-db-primary']) },
    ];
    for (const { body, expected } of cases) assert.equal(expectOne(normalise('stet', body, ctx)).dedupKey, expected);
    assert.equal(affectedSystemsKey(['b', 'a', 'a']), affectedSystemsKey(['a', 'b']));
    assert.notEqual(affectedSystemsKey(['a']), affectedSystemsKey(['a', 'b']));
  });

  it('names every bad field', () => {
    const cases = [
      { body: {}, paths: ['escalation', 'summary', 'affected_systems'] },
      { body: withChanges(stetCritical, { escalation: 'warn', 'affected_systems.1': 7 }), paths: ['escalation', 'affected_systems[1]'] },
      { body: withChanges(stetCritical, { summary: DELETE }), paths: ['summary'] },
    ];
    for (const { body, paths } of cases) assert.deepEqual(errorPaths(normalise('stet', body, ctx)), paths);
  });
});
