import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_INCIDENT_POLICY, type IncidentPolicy } from './incident.policy.js';
import { at, cmd, given, past } from './incident.test-kit.js';

const AUTO_RESOLVED = { type: 'IncidentResolved' as const, data: { by: { kind: 'system' as const, reason: 'auto-resolve' } } };
const AFTER_600: IncidentPolicy = { ...DEFAULT_INCIDENT_POLICY, autoResolveAfterSeconds: 600 };

describe('incident decider: auto-resolve', () => {
  it('resolves at the alert endsAt', () => {
    const state = given([past.triggered(0, { endsAt: 300 })]).when(cmd.checkTimers(300)).then([AUTO_RESOLVED]);
    assert.equal(state.status === 'resolved' && state.resolvedAt, at(300));
  });

  it('has nothing due before endsAt', () => {
    given([past.triggered(0, { endsAt: 300 })]).when(cmd.checkTimers(299)).thenIgnored('NOTHING_DUE');
  });

  it('takes the latest alert endsAt, later or earlier', () => {
    const later = [past.triggered(0, { endsAt: 300 }), past.deduplicated(200, { endsAt: 500 })];
    given(later).when(cmd.checkTimers(400)).thenIgnored('NOTHING_DUE');
    given(later).when(cmd.checkTimers(500)).then([AUTO_RESOLVED]);
    const earlier = [past.triggered(0, { endsAt: 300 }), past.deduplicated(100, { endsAt: 150 })];
    given(earlier).when(cmd.checkTimers(150)).then([AUTO_RESOLVED]);
  });

  it('resolves autoResolveAfterSeconds after the last alert when the alert gives no endsAt', () => {
    given([past.triggered(0)], AFTER_600).when(cmd.checkTimers(599)).thenIgnored('NOTHING_DUE');
    given([past.triggered(0)], AFTER_600).when(cmd.checkTimers(600)).then([AUTO_RESOLVED]);
  });

  it('moves the deadline with a newer trigger', () => {
    const repeated = [past.triggered(0), past.deduplicated(500)];
    given(repeated, AFTER_600).when(cmd.checkTimers(600)).thenIgnored('NOTHING_DUE');
    given(repeated, AFTER_600).when(cmd.checkTimers(1100)).then([AUTO_RESOLVED]);
  });

  it('falls back to the policy when the latest alert drops endsAt', () => {
    const dropped = [past.triggered(0, { endsAt: 300 }), past.deduplicated(100)];
    given(dropped).when(cmd.checkTimers(10_000)).thenIgnored('NOTHING_DUE');
    given(dropped, AFTER_600).when(cmd.checkTimers(700)).then([AUTO_RESOLVED]);
  });

  it('never resolves by time when off and no endsAt', () => {
    given([past.triggered(0)]).when(cmd.checkTimers(10_000_000)).thenIgnored('NOTHING_DUE');
  });

  it('resolves an acknowledged incident too', () => {
    given([past.triggered(0, { endsAt: 300 }), past.acknowledged(30)]).when(cmd.checkTimers(300)).then([AUTO_RESOLVED]);
  });

  it('times a reopened incident from the reopening alert', () => {
    // IncidentReopened carries no endsAt, so the old endsAt (300) no longer applies.
    const reopened = [past.triggered(0, { endsAt: 300 }), past.resolved(100), past.reopened(200)];
    given(reopened).when(cmd.checkTimers(300)).thenIgnored('NOTHING_DUE');
    given(reopened, AFTER_600).when(cmd.checkTimers(800)).then([AUTO_RESOLVED]);
  });

  it('takes the deadline from the reopening alert when it carries endsAt', () => {
    const reopened = [past.triggered(0, { endsAt: 300 }), past.resolved(100), past.reopened(200, 'warning', { endsAt: 900 })];
    given(reopened).when(cmd.checkTimers(899)).thenIgnored('NOTHING_DUE');
    given(reopened).when(cmd.checkTimers(900)).then([AUTO_RESOLVED]);
  });

  it('stabilises and resolves in one check when both are due', () => {
    given([past.triggered(0), ...past.cycles(4, 100), past.flapping(290, 4)], AFTER_600)
      .when(cmd.checkTimers(5000))
      .then([{ type: 'IncidentStabilised', data: {} }, AUTO_RESOLVED]);
  });
});
