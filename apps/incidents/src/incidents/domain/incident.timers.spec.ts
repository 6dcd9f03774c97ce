import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fold } from './incident.evolve.js';
import { DEFAULT_INCIDENT_POLICY, type IncidentPolicy } from './incident.policy.js';
import { initialState } from './incident.state.js';
import { type Past, at, history, past } from './incident.test-kit.js';
import { nextTimerAt } from './incident.timers.js';

const AFTER_600: IncidentPolicy = { ...DEFAULT_INCIDENT_POLICY, autoResolveAfterSeconds: 600 };
const FLAPPING: Past[] = [past.triggered(0), ...past.cycles(4, 100), past.flapping(290, 4)];

describe('nextTimerAt', () => {
  const cases: { name: string; events: Past[]; policy?: IncidentPolicy; expected: string | undefined }[] = [
    { name: 'no incident', events: [], expected: undefined },
    { name: 'open, no endsAt, auto-resolve off', events: [past.triggered(0)], expected: undefined },
    { name: 'open with endsAt', events: [past.triggered(0, { endsAt: 300 })], expected: at(300) },
    { name: 'open, endsAt wins over the policy', events: [past.triggered(0, { endsAt: 9000 })], policy: AFTER_600, expected: at(9000) },
    { name: 'open, delay after the last alert', events: [past.triggered(0), past.deduplicated(50)], policy: AFTER_600, expected: at(650) },
    { name: 'acknowledged still auto-resolves', events: [past.triggered(0, { endsAt: 300 }), past.acknowledged(10)], expected: at(300) },
    { name: 'resolved has nothing left', events: [past.triggered(0, { endsAt: 300 }), past.resolved(10)], policy: AFTER_600, expected: undefined },
    { name: 'flapping: calm period after the last cycle', events: FLAPPING, expected: at(290 + 1800) },
    { name: 'flapping and auto-resolve: the earlier', events: FLAPPING, policy: AFTER_600, expected: at(290 + 600) },
    { name: 'flapping and resolved: calm period only', events: [...FLAPPING, past.resolved(300)], policy: AFTER_600, expected: at(2090) },
    { name: 'stabilised: nothing', events: [...FLAPPING, past.resolved(300), past.stabilised(2090)], expected: undefined },
  ];
  for (const { name, events, policy, expected } of cases) {
    it(name, () => {
      assert.equal(nextTimerAt(fold(history(events)), policy ?? DEFAULT_INCIDENT_POLICY), expected);
    });
  }

  it('returns endsAt exactly as the source gave it', () => {
    const state = fold(history([past.triggered(0)]));
    assert.ok(state.status === 'triggered');
    assert.equal(nextTimerAt({ ...state, endsAt: '2026-03-01T14:00:00+02:00' }, DEFAULT_INCIDENT_POLICY), '2026-03-01T14:00:00+02:00');
  });

  it('compares instants, not strings, across offsets', () => {
    const state = fold(history(FLAPPING));
    assert.ok(state.status === 'triggered');
    // 12:30+02:00 is 10:30Z, earlier than the calm time (12:34:50Z) though it sorts later as text.
    assert.equal(nextTimerAt({ ...state, endsAt: '2026-03-01T12:30:00+02:00' }, DEFAULT_INCIDENT_POLICY), '2026-03-01T12:30:00+02:00');
    assert.equal(nextTimerAt(initialState, AFTER_600), undefined);
  });
});
