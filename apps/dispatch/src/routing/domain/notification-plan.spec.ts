import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type IncidentEventType, type IncidentStatus } from '@herald/contracts';
import { message } from './incident-message.fixture.js';
import { type MuteDecision } from './mute.js';
import { type ReceiverView, planNotifications } from './notification-plan.js';
import { type RouteTarget } from './route-tree.js';

const EVENT_ID = message().event.id;
const receivers = new Map<string, ReceiverView>([
  ['ops', { id: 'ops', channel: 'webhook', enabled: true }],
  ['pager', { id: 'pager', channel: 'pagerduty', enabled: true }],
  ['paused', { id: 'paused', channel: 'slack', enabled: false }],
  ['resolves-only', { id: 'resolves-only', channel: 'webhook', enabled: true, eventTypes: ['resolved'] }],
]);
const target = (receiverId: string, repeatIntervalSeconds?: number): RouteTarget => ({
  receiverId,
  groupBy: [],
  repeatIntervalSeconds,
  eventTypes: ['triggered'],
  path: [],
});
const NOT_MUTED: MuteDecision = { muted: false };
const SILENCED: MuteDecision = { muted: true, by: 'silence', id: 'sil-1' };

function plan(type: IncidentEventType, status: IncidentStatus, targets: RouteTarget[], mute = NOT_MUTED) {
  return planNotifications({ message: message(type, { status }), targets, receiver: (id) => receivers.get(id), mute });
}

describe('planNotifications: who is notified', () => {
  const cases: Array<[string, ReturnType<typeof plan>, Array<[string, string | undefined]>]> = [
    ['one job per receiver, keyed by event id + receiver id', plan('IncidentTriggered', 'triggered', [target('ops'), target('pager')]), [
      ['ops', undefined],
      ['pager', undefined],
    ]],
    ['a mute applies to every receiver', plan('IncidentTriggered', 'triggered', [target('ops'), target('pager')], SILENCED), [
      ['ops', 'silence:sil-1'],
      ['pager', 'silence:sil-1'],
    ]],
    ['a paused receiver is recorded as muted, the others are sent', plan('IncidentTriggered', 'triggered', [target('paused'), target('ops')]), [
      ['paused', 'paused:paused'],
      ['ops', undefined],
    ]],
    ['a mute reason wins over paused', plan('IncidentTriggered', 'triggered', [target('paused')], SILENCED), [['paused', 'silence:sil-1']]],
    ['nobody routed, nothing planned', plan('IncidentTriggered', 'triggered', []), []],
    ['a receiver not subscribed to the type gets nothing, the others are sent', plan('IncidentTriggered', 'triggered', [target('resolves-only'), target('ops')]), [['ops', undefined]]],
    ['a receiver subscribed to the type gets it', plan('IncidentResolved', 'resolved', [target('resolves-only')]), [['resolves-only', undefined]]],
  ];
  for (const [name, result, expected] of cases) {
    it(name, () => {
      assert.deepEqual(
        result.notifications.map((n) => [n.receiverId, n.muted ? `${n.muted.by}:${n.muted.id}` : undefined]),
        expected,
      );
      for (const n of result.notifications) assert.equal(n.jobId, `${EVENT_ID}.${n.receiverId}`);
    });
  }
  it('unknown receivers are reported, not planned', () => {
    const result = plan('IncidentTriggered', 'triggered', [target('ghost'), target('ops')]);
    assert.deepEqual(result.unknownReceivers, ['ghost']);
    assert.deepEqual(result.notifications.map((n) => n.receiverId), ['ops']);
  });
  it('carries the receiver channel', () => {
    assert.equal(plan('IncidentTriggered', 'triggered', [target('pager')]).notifications[0]?.channel, 'pagerduty');
  });
});

describe('planNotifications: repeat bookkeeping', () => {
  const cases: Array<[string, ReturnType<typeof plan>, string[]]> = [
    ['triggered with an interval becomes the repeat base', plan('IncidentTriggered', 'triggered', [target('ops', 60), target('pager')]), ['base:ops:60']],
    ['reopened too', plan('IncidentReopened', 'triggered', [target('ops', 60)]), ['base:ops:60']],
    ['severity change too', plan('IncidentSeverityChanged', 'triggered', [target('ops', 60)]), ['base:ops:60']],
    ['a muted trigger still becomes the base', plan('IncidentTriggered', 'triggered', [target('ops', 60)], SILENCED), ['base:ops:60']],
    ['a note sent while open restarts the clock', plan('IncidentNoteAdded', 'triggered', [target('ops', 60)]), ['touch:ops:60']],
    ['a muted note does not', plan('IncidentNoteAdded', 'triggered', [target('ops', 60)], SILENCED), []],
    ['interval 0 means no repeats', plan('IncidentTriggered', 'triggered', [target('ops', 0)]), []],
    ['acknowledged clears every repeat', plan('IncidentAcknowledged', 'acknowledged', [target('ops', 60)]), ['clear']],
    ['resolved clears every repeat', plan('IncidentResolved', 'resolved', [target('ops', 60)]), ['clear']],
  ];
  for (const [name, result, expected] of cases) {
    it(name, () => {
      assert.deepEqual(
        result.repeats.map((r) => (r.kind === 'clear' ? 'clear' : `${r.kind}:${r.receiverId}:${r.intervalSeconds}`)),
        expected,
      );
    });
  }
});

describe('planNotifications: grouped routes', () => {
  const grouped = (receiverId: string): RouteTarget => ({
    ...target(receiverId, 600),
    grouping: { by: ['alertname'], waitSeconds: 30, intervalSeconds: 300, sendResolved: true },
  });
  it('given a grouped route, when an incident triggers, then it changes the group: no notification, no per-incident repeat', () => {
    const p = plan('IncidentTriggered', 'triggered', [grouped('ops')]);
    assert.deepEqual(p.notifications, []);
    assert.deepEqual(p.repeats, []);
    assert.deepEqual(p.groups.map((g) => [g.receiverId, g.repeatIntervalSeconds]), [['ops', 600]]);
  });
  it('given a silence, when an incident triggers, then it is recorded as muted and joins no group', () => {
    const p = plan('IncidentTriggered', 'triggered', [grouped('ops')], SILENCED);
    assert.deepEqual(p.groups, []);
    assert.deepEqual(p.notifications.map((n) => n.muted?.by), ['silence']);
  });
  it('given a silence, when an incident resolves, then the resolution still reaches its group', () => {
    assert.equal(plan('IncidentResolved', 'resolved', [grouped('ops')], SILENCED).groups.length, 1);
  });
  it("given a receiver that does not take resolutions, then its group does not tell them", () => {
    assert.equal(plan('IncidentTriggered', 'triggered', [grouped('resolves-only'), grouped('ops')]).groups.find((g) => g.receiverId === 'ops')?.grouping.sendResolved, true);
    const narrow = new Map([['n', { id: 'n', channel: 'webhook' as const, enabled: true, eventTypes: ['triggered' as const] }]]);
    const p = planNotifications({ message: message(), targets: [grouped('n')], receiver: (id) => narrow.get(id), mute: NOT_MUTED });
    assert.equal(p.groups[0]?.grouping.sendResolved, false);
  });
});
