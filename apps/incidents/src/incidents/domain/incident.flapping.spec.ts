import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toSnapshot } from './incident.snapshot.js';
import { type Past, alertId, cmd, given, past } from './incident.test-kit.js';

const dedup = (s: number) => ({
  type: 'AlertDeduplicated' as const,
  data: { alertId: alertId(s), summary: `latency high (${s})`, details: { seconds: s } },
});
const reopened = (s: number) => ({ type: 'IncidentReopened' as const, data: past.reopened(s).data });
const STABILISED = { type: 'IncidentStabilised' as const, data: {} };

/** Triggered at 0, then 3 cycles closing at 110, 170, 230, then resolved again at 290. */
const THREE_CYCLES_RESOLVED: Past[] = [past.triggered(0), ...past.cycles(3, 100), past.resolved(290)];
/** Four cycles, the last at 290 made it flapping; open. */
const FLAPPING: Past[] = [past.triggered(0), ...past.cycles(4, 100), past.flapping(290, 4)];

describe('incident decider: flapping', () => {
  it('flags flapping when a reopen makes more than maxCycles cycles within the window', () => {
    const state = given(THREE_CYCLES_RESOLVED)
      .when(cmd.trigger(300))
      .then([reopened(300), { type: 'IncidentFlapping', data: { cycles: 4, windowSeconds: 3600 } }]);
    assert.equal(toSnapshot(state)?.flapping, true);
  });

  it('does not flag exactly maxCycles cycles', () => {
    given([past.triggered(0), ...past.cycles(2, 100), past.resolved(230)]).when(cmd.trigger(240)).then([reopened(240)]);
  });

  it('does not count cycles older than the window', () => {
    // The first cycle closed at 110; 3710 is more than 3600 s later.
    const history = [past.triggered(0), past.resolved(100), past.reopened(110), ...past.cycles(2, 3600), past.resolved(3700)];
    given(history).when(cmd.trigger(3710)).then([reopened(3710)]);
  });

  it('follows the configured limits', () => {
    const policy = { reopenWindowSeconds: 300, flapping: { maxCycles: 1, windowSeconds: 600, calmSeconds: 60 }, autoResolveAfterSeconds: null };
    given([past.triggered(0), ...past.cycles(1, 100), past.resolved(130)], policy)
      .when(cmd.trigger(140))
      .then([reopened(140), { type: 'IncidentFlapping', data: { cycles: 2, windowSeconds: 600 } }]);
  });

  it('flags flapping only once', () => {
    given([...FLAPPING, past.resolved(300)]).when(cmd.trigger(310)).then([reopened(310)]);
  });

  it('has nothing due before the calm period is over', () => {
    given(FLAPPING).when(cmd.checkTimers(290 + 1799)).thenIgnored('NOTHING_DUE');
  });

  it('stabilises on timers once calm for calmSeconds', () => {
    const state = given(FLAPPING).when(cmd.checkTimers(290 + 1800)).then([STABILISED]);
    assert.equal(toSnapshot(state)?.flapping, false);
  });

  it('stabilises a resolved incident too', () => {
    given([...FLAPPING, past.resolved(300)]).when(cmd.checkTimers(290 + 1800)).then([STABILISED]);
  });

  it('stabilises before the next command that changes the incident', () => {
    given(FLAPPING).when(cmd.trigger(2100)).then([STABILISED, dedup(2100)]);
  });

  it('does not stabilise on the next command before the calm period is over', () => {
    given(FLAPPING).when(cmd.trigger(2000)).then([dedup(2000)]);
  });

  it('leaves stabilisation to timers when the command changes nothing', () => {
    given([...FLAPPING, past.acknowledged(295)]).when(cmd.alertAck(2100)).thenIgnored('ALREADY_ACKNOWLEDGED');
  });

  it('forgets the cycles before stabilisation, so one more reopen does not flag it again', () => {
    given([...FLAPPING, past.resolved(2000)]).when(cmd.trigger(2100)).then([STABILISED, reopened(2100)]);
  });

  it('can flap again after it stabilised', () => {
    given([...FLAPPING, past.stabilised(2090), ...past.cycles(3, 2100), past.resolved(2280)])
      .when(cmd.trigger(2290))
      .then([reopened(2290), { type: 'IncidentFlapping', data: { cycles: 4, windowSeconds: 3600 } }]);
  });

  it('starts a new incident outside the reopen window without the old one flapping', () => {
    const state = given([...FLAPPING, past.resolved(300)])
      .when(cmd.trigger(1000))
      .then([{ type: 'IncidentTriggered', data: past.triggered(1000).data }], { isNew: true });
    assert.equal(state.status !== 'none' && state.flapping, false);
  });
});
