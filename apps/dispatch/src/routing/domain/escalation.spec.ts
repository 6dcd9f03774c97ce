import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type IncidentEvent, type IncidentSnapshot } from '@herald/contracts';
import { INCIDENT_ID, eventOf, message, snapshot } from './incident-message.fixture.js';
import { EscalationPolicyConfig, type EscalationPolicy } from './escalation-policy.js';
import { type EscalationChange, type EscalationFire, type EscalationState, escalationOnEvent, escalationStep, planEscalationNotifications } from './escalation.js';
import { type ReceiverView } from './notification-plan.js';
import { RoutingTreeConfig } from './route-tree.js';

const NOW = Date.parse('2026-03-02T12:00:00Z');

describe('escalation: which events start and stop it', () => {
  // The fixture's incident has labels team=storage, env=prod.
  const tree = RoutingTreeConfig.parse({
    receiver: 'ops',
    routes: [
      { matchers: ['team="web"'], receiver: 'web', escalationPolicy: 'web-night' },
      { matchers: ['env="prod"'], escalationPolicy: 'prod', routes: [{ matchers: ['team="storage"'], receiver: 'dba' }] },
    ],
  });
  const noPolicies = RoutingTreeConfig.parse({ receiver: 'ops' });
  const version3 = (type: IncidentEvent['type']) => ({ ...message(type), event: { ...eventOf(type), version: 3 } });
  const cases: Array<{ name: string; tree: typeof tree; when: ReturnType<typeof message>; then: EscalationChange | undefined }> = [
    { name: 'a trigger starts the policy its route inherits', tree, when: message('IncidentTriggered'), then: { kind: 'start', policyId: 'prod', episode: 1 } },
    { name: 'a reopen starts again, as a new episode', tree, when: version3('IncidentReopened'), then: { kind: 'start', policyId: 'prod', episode: 3 } },
    { name: 'an acknowledgement stops it', tree, when: message('IncidentAcknowledged'), then: { kind: 'stop' } },
    { name: 'a resolution stops it', tree, when: message('IncidentResolved'), then: { kind: 'stop' } },
    { name: 'a trigger with no policy on its route does nothing', tree: noPolicies, when: message('IncidentTriggered'), then: undefined },
    { name: 'a reopen whose route no longer names a policy stops it', tree: noPolicies, when: version3('IncidentReopened'), then: { kind: 'stop' } },
    { name: 'a duplicate alert changes nothing', tree, when: message('AlertDeduplicated'), then: undefined },
    { name: 'a recorded step changes nothing here (the scheduler moved on already)', tree, when: message('IncidentEscalated'), then: undefined },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(escalationOnEvent(c.when, c.tree), c.then));

  it('the policy of the route the incident matches, not of a sibling', () => {
    const web = message('IncidentTriggered', { labels: { team: 'web', env: 'prod' } });
    assert.deepEqual(escalationOnEvent(web, tree), { kind: 'start', policyId: 'web-night', episode: 1 });
  });
});

describe('escalation: a due step', () => {
  const policy: EscalationPolicy = EscalationPolicyConfig.parse({
    id: 'night',
    steps: [
      { receivers: ['oncall'], waitSeconds: 300 },
      { receivers: ['lead', 'pager'], waitSeconds: 600 },
    ],
    repeat: 1,
  });
  const state = (o: Partial<EscalationState> = {}): EscalationState => ({ incidentId: INCIDENT_ID, policyId: 'night', episode: 1, round: 1, step: 1, dueAt: NOW - 5, ...o });
  const fire = (s: EscalationState, receivers: string[], next: { round: number; step: number; dueAt: number } | undefined): EscalationFire => ({
    action: 'fire',
    due: {
      id: `escalation.${INCIDENT_ID}.${s.episode}.${s.round}.${s.step}`,
      incidentId: INCIDENT_ID,
      policyId: 'night',
      episode: s.episode,
      round: s.round,
      step: s.step,
      receivers,
      dueAt: new Date(s.dueAt).toISOString(),
    },
    next,
  });
  const cases: Array<{ name: string; state: EscalationState; policy?: EscalationPolicy | null; incident?: Partial<IncidentSnapshot> | null; then: EscalationFire }> = [
    { name: 'step 1 fires and step 2 is due after its wait', state: state(), then: fire(state(), ['oncall'], { round: 1, step: 2, dueAt: NOW + 300_000 }) },
    { name: 'the last step of a pass fires and the next pass starts after its wait', state: state({ step: 2 }), then: fire(state({ step: 2 }), ['lead', 'pager'], { round: 2, step: 1, dueAt: NOW + 600_000 }) },
    { name: 'the last step of the last pass ends the escalation', state: state({ round: 2, step: 2 }), then: fire(state({ round: 2, step: 2 }), ['lead', 'pager'], undefined) },
    { name: 'a step beyond a shortened policy starts the next pass', state: state({ step: 3 }), then: fire(state({ round: 2, step: 1 }), ['oncall'], { round: 2, step: 2, dueAt: NOW + 300_000 }) },
    { name: 'a pass beyond the repeats ends it', state: state({ round: 3 }), then: { action: 'drop', reason: 'policy_done' } },
    { name: 'a deleted policy ends it', state: state(), policy: null, then: { action: 'drop', reason: 'policy_gone' } },
    { name: 'an incident dispatch already saw acknowledged ends it', state: state(), incident: { status: 'acknowledged' }, then: { action: 'drop', reason: 'incident_closed' } },
    { name: 'an incident dispatch already saw resolved ends it', state: state(), incident: { status: 'resolved' }, then: { action: 'drop', reason: 'incident_closed' } },
    // Dispatch's view lags: a triggered snapshot is no proof, the incidents service decides (see IncidentEscalated).
    { name: 'an incident not seen yet still fires', state: state(), incident: null, then: fire(state(), ['oncall'], { round: 1, step: 2, dueAt: NOW + 300_000 }) },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const incident = c.incident === null ? undefined : snapshot(c.incident ?? {});
      assert.deepEqual(escalationStep({ state: c.state, policy: c.policy === null ? undefined : (c.policy ?? policy), incident, now: NOW }), c.then);
    });
  }

  it('the step id is the same however often the step is tried, so a retry is one step', () => {
    const a = escalationStep({ state: state({ dueAt: NOW - 5 }), policy, incident: undefined, now: NOW });
    const b = escalationStep({ state: state({ dueAt: NOW - 5 }), policy, incident: undefined, now: NOW + 60_000 });
    assert.ok(a.action === 'fire' && b.action === 'fire');
    assert.equal(a.due.id, b.due.id);
  });
});

describe('escalation: a recorded step notifies the receivers it names', () => {
  const receivers: Record<string, ReceiverView> = {
    pager: { id: 'pager', channel: 'pagerduty', enabled: true },
    lead: { id: 'lead', channel: 'slack', enabled: false, eventTypes: ['resolved'] },
  };
  const receiver = (id: string) => receivers[id];
  const escalated = message('IncidentEscalated');
  const cases: Array<{ name: string; when: typeof escalated; planned?: string[]; mute?: { muted: true; by: 'silence'; id: string }; then: Array<[string, string | undefined]>; unknown?: string[] }> = [
    { name: 'each named receiver once, a paused one muted, its own subscriptions not narrowing', when: escalated, then: [['pager', undefined], ['lead', 'paused']] },
    { name: 'a receiver the routing tree already notifies is not notified twice', when: escalated, planned: ['pager'], then: [['lead', 'paused']] },
    { name: 'a silence mutes the step', when: escalated, mute: { muted: true, by: 'silence', id: 's1' }, then: [['pager', 'silence'], ['lead', 'silence']] },
    { name: 'other events notify nobody here', when: message('IncidentTriggered'), then: [] },
    {
      name: 'an unknown receiver is reported',
      when: { ...escalated, event: { ...(eventOf('IncidentEscalated') as Extract<IncidentEvent, { type: 'IncidentEscalated' }>), data: { policyId: 'night', episode: 1, round: 1, step: 1, receivers: ['gone', 'pager'] } } },
      then: [['pager', undefined]],
      unknown: ['gone'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const planned = (c.planned ?? []).map((id) => ({ jobId: `x.${id}`, receiverId: id, channel: 'webhook' as const }));
      const plan = planEscalationNotifications({ message: c.when, planned, receiver, mute: c.mute ?? { muted: false } });
      assert.deepEqual(
        plan.notifications.map((n) => [n.receiverId, n.muted?.by]),
        c.then,
      );
      assert.deepEqual(plan.unknownReceivers, c.unknown ?? []);
      for (const n of plan.notifications) assert.equal(n.jobId, `${c.when.event.id}.${n.receiverId}`);
    });
  }
});
