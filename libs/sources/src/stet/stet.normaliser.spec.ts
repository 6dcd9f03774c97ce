import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalise } from '../normalise.js';
import { withChanges } from '../testing/json-paths.js';
import { errorPaths, expectOne, testContext } from '../testing/test-context.js';
import { STET_DEDUP_KEY } from './stet.normaliser.js';
import { stetCritical, stetNone, stetWarn } from './stet.samples.js';

const ctx = testContext();

describe('stet normaliser', () => {
  it('keeps one rolling incident: WARN opens, CRITICAL escalates, NONE resolves', () => {
    const cases = [
      { body: stetWarn, action: 'trigger', severity: 'warning', summary: 'STET enforcement WARN: 1 STALE — downstream-2 (STALE)' },
      {
        body: stetCritical,
        action: 'trigger',
        severity: 'critical',
        summary: 'STET enforcement CRITICAL: 1 MISSING, 1 STALE — downstream-2 (STALE), downstream-5 (MISSING)',
      },
      { body: stetNone, action: 'resolve', severity: 'info', summary: 'STET enforcement: all systems OK' },
    ];
    for (const { body, action, severity, summary } of cases) {
      const alert = expectOne(normalise('stet', body, ctx));
      assert.deepEqual([alert.action, alert.severity, alert.dedupKey, alert.summary], [action, severity, STET_DEDUP_KEY, summary], body.escalation);
    }
  });

  it('takes evaluated_at as the event time and carries counts and systems as details', () => {
    const alert = expectOne(normalise('stet', stetCritical, ctx));
    assert.equal(alert.occurredAt, '2025-12-26T15:35:00.000Z');
    assert.deepEqual(alert.details.summary, { total_systems: 5, ok: 3, stale: 1, missing: 1 });
    assert.deepEqual(alert.details.affected_systems, stetCritical.affected_systems);
    assert.deepEqual(alert.labels, { escalation: 'CRITICAL' });
  });

  it("accepts the guide's minimal test payload (no evaluated_at, partial counts)", () => {
    const alert = expectOne(normalise('stet', { escalation: 'CRITICAL', summary: { ok: 0, stale: 0, missing: 1 }, affected_systems: [{ system_id: 'test', status: 'MISSING' }] }, ctx));
    assert.equal(alert.summary, 'STET enforcement CRITICAL: 1 MISSING — test (MISSING)');
    assert.equal(alert.occurredAt, ctx.receivedAt);
  });

  it('names every bad field', () => {
    const cases = [
      { body: {}, paths: ['escalation'] },
      { body: withChanges(stetCritical, { escalation: 'warn', 'affected_systems.1.system_id': 7 }), paths: ['escalation', 'affected_systems[1].system_id'] },
      { body: withChanges(stetCritical, { summary: 'two missing' }), paths: ['summary'] },
    ];
    for (const { body, paths } of cases) assert.deepEqual(errorPaths(normalise('stet', body, ctx)), paths);
  });
});
