import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type IgnoredReason } from './incident.decision.js';
import { cmd, given, past } from './incident.test-kit.js';

const escalated = (o: { episode?: number; round?: number; step?: number } = {}) => ({
  type: 'IncidentEscalated' as const,
  data: { policyId: 'night', episode: o.episode ?? 1, round: o.round ?? 1, step: o.step ?? 1, receivers: ['oncall'] },
});

describe('incident decider: escalation steps', () => {
  const cases: Array<{ name: string; given: Parameters<typeof given>[0]; when: ReturnType<typeof cmd.escalate>; then: 'escalated' | IgnoredReason }> = [
    { name: 'a triggered incident records step 1', given: [past.triggered(0)], when: cmd.escalate(1), then: 'escalated' },
    { name: 'step 2 after step 1', given: [past.triggered(0), past.escalated(1)], when: cmd.escalate(60, { step: 2 }), then: 'escalated' },
    { name: 'the next round after the last step', given: [past.triggered(0), past.escalated(1, { step: 2 })], when: cmd.escalate(120, { round: 2, step: 1 }), then: 'escalated' },
    { name: 'a retried step is done already', given: [past.triggered(0), past.escalated(1)], when: cmd.escalate(2), then: 'ESCALATION_DONE' },
    { name: 'an earlier step is done already', given: [past.triggered(0), past.escalated(1, { round: 2, step: 1 })], when: cmd.escalate(2, { round: 1, step: 2 }), then: 'ESCALATION_DONE' },
    { name: 'a retried step is done already even after an acknowledgement', given: [past.triggered(0), past.escalated(1), past.acknowledged(2)], when: cmd.escalate(3), then: 'ESCALATION_DONE' },
    { name: 'no step fires once acknowledged', given: [past.triggered(0), past.acknowledged(30)], when: cmd.escalate(60), then: 'ALREADY_ACKNOWLEDGED' },
    { name: 'no step fires once resolved', given: [past.triggered(0), past.resolved(30)], when: cmd.escalate(60), then: 'ALREADY_RESOLVED' },
    { name: 'no later step fires once acknowledged', given: [past.triggered(0), past.escalated(1), past.acknowledged(30)], when: cmd.escalate(60, { step: 2 }), then: 'ALREADY_ACKNOWLEDGED' },
    // Versions: triggered 1, resolved 2, reopened 3: the reopen starts episode 3.
    { name: 'a step of the episode before a reopen is outdated', given: [past.triggered(0), past.resolved(30), past.reopened(40)], when: cmd.escalate(60, { episode: 1, step: 2 }), then: 'ESCALATION_OUTDATED' },
    { name: 'the reopened episode starts again at step 1', given: [past.triggered(0), past.escalated(1, { step: 2 }), past.resolved(30), past.reopened(40)], when: cmd.escalate(41, { episode: 4 }), then: 'escalated' },
    { name: 'an unknown incident', given: [], when: cmd.escalate(1), then: 'NO_INCIDENT' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const when = given(c.given).when(c.when);
      if (c.then === 'escalated') {
        const command = c.when.type === 'EscalateIncident' ? c.when : undefined;
        when.then([escalated({ episode: command?.episode, round: command?.round, step: command?.step })]);
      } else when.thenIgnored(c.then);
    });
  }

  it('remembers the step recorded, and a reopen resets it to the new episode', () => {
    const state = given([past.triggered(0)]).when(cmd.escalate(1)).then([escalated()]);
    assert.deepEqual(state.status !== 'none' ? state.escalation : undefined, { episode: 1, round: 1, step: 1 });
    const reopened = given([past.triggered(0), past.escalated(1), past.resolved(2)]).when(cmd.trigger(20)).then([
      { type: 'IncidentReopened', data: { alertId: past.reopened(20).data.alertId, severity: 'warning', summary: 'latency high (20)', details: { seconds: 20 } } },
    ]);
    assert.deepEqual(reopened.status !== 'none' ? reopened.escalation : undefined, { episode: 4, round: 0, step: 0 });
  });
});
