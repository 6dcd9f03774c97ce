import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type IncidentSnapshot } from '@herald/contracts';
import { eventOf, snapshot } from './incident-message.fixture.js';
import { type MuteDecision } from './mute.js';
import { type ReceiverView } from './notification-plan.js';
import { type DueRepeat, type RepeatStep, repeatStep } from './repeat-step.js';
import { RoutingTreeConfig } from './route-tree.js';

const NOW = Date.parse('2026-03-02T12:00:00Z');
const tree = RoutingTreeConfig.parse({
  receiver: 'ops',
  repeatIntervalSeconds: 600,
  routes: [{ matchers: ['team="web"'], receiver: 'web', repeatIntervalSeconds: 0 }],
});
const ops: ReceiverView = { id: 'ops', channel: 'webhook', enabled: true };
const due = (overrides: Partial<DueRepeat> = {}): DueRepeat => ({
  incidentId: snapshot().id,
  receiverId: 'ops',
  event: eventOf('IncidentTriggered'),
  lastNotifiedAt: NOW - 600_000,
  sequence: 0,
  ...overrides,
});

function step(options: {
  due?: DueRepeat;
  incident?: Partial<IncidentSnapshot> | null;
  receiver?: ReceiverView | null;
  mute?: MuteDecision;
}): RepeatStep {
  return repeatStep({
    due: options.due ?? due(),
    incident: options.incident === null ? undefined : snapshot(options.incident ?? {}),
    tree,
    receiver: options.receiver === null ? undefined : (options.receiver ?? ops),
    mute: () => options.mute ?? { muted: false },
    now: NOW,
  });
}

const summary = (s: RepeatStep): string =>
  s.action === 'send' ? `send #${s.sequence} ${s.jobId} next=${new Date(s.nextAt).toISOString()}` : s.action === 'drop' ? `drop ${s.reason}` : `postpone ${s.reason} ${new Date(s.nextAt).toISOString()}`;

describe('repeatStep', () => {
  const eventId = eventOf('IncidentTriggered').id;
  const cases: Array<[string, RepeatStep, string]> = [
    ['due and open: send repeat #1', step({}), `send #1 ${eventId}.ops.repeat-1 next=2026-03-02T12:10:00.000Z`],
    ['the sequence goes on', step({ due: due({ sequence: 4 }) }), `send #5 ${eventId}.ops.repeat-5 next=2026-03-02T12:10:00.000Z`],
    ['resolved: drop', step({ incident: { status: 'resolved' } }), 'drop incident_closed'],
    ['acknowledged: drop', step({ incident: { status: 'acknowledged' } }), 'drop incident_closed'],
    ['unknown incident: drop', step({ incident: null }), 'drop incident_closed'],
    ['receiver deleted: drop', step({ receiver: null }), 'drop receiver_gone'],
    ['route now sets interval 0: drop', step({ incident: { labels: { team: 'web' } }, due: due({ receiverId: 'web' }), receiver: { ...ops, id: 'web' } }), 'drop repeats_off'],
    ['tree no longer reaches the receiver: drop', step({ due: due({ receiverId: 'gone' }), receiver: { ...ops, id: 'gone' } }), 'drop not_routed'],
    ['flapping: postpone one interval', step({ incident: { flapping: true } }), 'postpone flapping 2026-03-02T12:10:00.000Z'],
    ['interval grew: postpone to the new due time', step({ due: due({ lastNotifiedAt: NOW - 60_000 }) }), 'postpone not_due 2026-03-02T12:09:00.000Z'],
    ['paused receiver: postpone', step({ receiver: { ...ops, enabled: false } }), 'postpone paused 2026-03-02T12:10:00.000Z'],
    ['muted: postpone', step({ mute: { muted: true, by: 'silence', id: 's' } }), 'postpone muted 2026-03-02T12:10:00.000Z'],
  ];
  for (const [name, result, expected] of cases) it(name, () => assert.equal(summary(result), expected));

  it('re-sends the stored event with the incident as it now stands', () => {
    const result = step({ incident: { alertCount: 7 } });
    assert.equal(result.action, 'send');
    if (result.action !== 'send') return;
    assert.equal(result.message.event.type, 'IncidentTriggered');
    assert.equal(result.message.incident.alertCount, 7);
  });
});
