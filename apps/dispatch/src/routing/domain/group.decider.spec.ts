import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type IncidentEventType, type IncidentStatus, MAX_GROUP_LISTED } from '@herald/contracts';
import { absorb, flush, type GroupHeader, type GroupMember, type GroupState, type GroupTiming, groupJobId, groupOf, notificationReason } from './group.decider.js';
import { eventOf, snapshot } from './incident-message.fixture.js';

const T0 = 1_000_000;
const S = 1_000;
const TIMING: GroupTiming = { waitSeconds: 30, intervalSeconds: 300, sendResolved: true };
const KEY = '{0}/ops:{alertname="DiskFull"}';

function id(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

function msg(n: number, status: IncidentStatus = 'triggered', version = 1, type: IncidentEventType = status === 'resolved' ? 'IncidentResolved' : 'IncidentTriggered') {
  return { event: { ...eventOf(type), incidentId: id(n), version }, incident: snapshot({ id: id(n), status }) };
}

/** A member: status now, what the receiver was told (`-` nothing), its incident status. */
function member(n: number, status: 'firing' | 'resolved', notified: 'firing' | 'resolved' | '-', incident: IncidentStatus = status === 'resolved' ? 'resolved' : 'triggered'): GroupMember {
  return { incidentId: id(n), status, ...(notified !== '-' ? { notified } : {}), version: 1, changedAt: T0 + n, message: msg(n, incident) };
}

function group(members: GroupMember[], over: Partial<GroupHeader> = {}): GroupState {
  return { key: KEY, receiverId: 'ops', labels: { alertname: 'DiskFull' }, timing: TIMING, createdAt: T0, sequence: 1, lastNotifiedAt: T0, lastFlushAt: T0, members, ...over };
}

describe('groupOf: the group key', () => {
  const cases: Array<[string, readonly string[], Record<string, string>, string]> = [
    ['route, receiver and the groupBy values', ['alertname'], { alertname: 'DiskFull', instance: 'a' }, '{0/1}/ops:{alertname="DiskFull"}'],
    ['labels in name order, whatever the configured order', ['instance', 'alertname'], { alertname: 'X', instance: 'a' }, '{0/1}/ops:{alertname="X",instance="a"}'],
    ['a missing label counts as empty', ['cluster'], { alertname: 'X' }, '{0/1}/ops:{cluster=""}'],
    ['[] puts the whole route in one group', [], { alertname: 'X' }, '{0/1}/ops:{}'],
  ];
  for (const [name, by, labels, key] of cases) it(name, () => assert.equal(groupOf({ path: [0, 1], receiverId: 'ops', by, labels }).key, key));
});

describe('absorb: given the group as stored, when an incident event arrives, then', () => {
  const base = { key: KEY, receiverId: 'ops', labels: { alertname: 'DiskFull' }, timing: TIMING, now: T0 + 50 * S };
  type Case = [string, GroupHeader | undefined, GroupMember | undefined, ReturnType<typeof msg>, string];
  const idle: GroupHeader = { ...group([]), nextFlushAt: undefined, lastFlushAt: T0, lastNotifiedAt: T0 };
  const pending: GroupHeader = { ...group([]), sequence: 0, nextFlushAt: T0 + 30 * S, lastFlushAt: undefined, lastNotifiedAt: undefined };
  const cases: Case[] = [
    ['a first incident creates the group, due after group_wait', undefined, undefined, msg(1), `new firing due ${50 + 30}`],
    ['a second incident during group_wait keeps the due time', pending, undefined, msg(2), 'old firing due 30'],
    ['after a notification, a new incident is due at the next group_interval tick', idle, undefined, msg(2), 'old firing due 300'],
    ['a resolution of a told incident is due at the next tick', idle, member(1, 'firing', 'firing'), msg(1, 'resolved', 2), 'old resolved due 300'],
    ['an acknowledgement refreshes the listing, schedules nothing', idle, member(1, 'firing', 'firing'), msg(1, 'acknowledged', 2, 'IncidentAcknowledged'), 'old firing due -'],
    ['an event already absorbed changes nothing (redelivery)', idle, member(1, 'firing', 'firing'), msg(1, 'resolved', 1), 'unchanged'],
    ['a resolution of an incident the group never had changes nothing', idle, undefined, msg(3, 'resolved', 2), 'unchanged'],
  ];
  for (const [name, header, m, message, expected] of cases) {
    it(name, () => {
      const out = absorb({ ...base, header, member: m, message });
      if (!out) return assert.equal('unchanged', expected);
      const due = out.header.nextFlushAt === undefined ? '-' : String((out.header.nextFlushAt - T0) / S);
      assert.equal(`${header ? 'old' : 'new'} ${out.member.status} due ${due}`, expected);
    });
  }
  it('a tick long past is rounded up to the interval grid', () => {
    const out = absorb({ ...base, header: idle, member: undefined, message: msg(2), now: T0 + 700 * S });
    assert.equal(out?.header.nextFlushAt, T0 + 900 * S);
  });
  it('keeps what the receiver was told', () => {
    assert.equal(absorb({ ...base, header: idle, member: member(1, 'firing', 'firing'), message: msg(1, 'resolved', 2) })?.member.notified, 'firing');
  });
});

describe('notificationReason: Alertmanager needsUpdate, given the group at a flush', () => {
  const cases: Array<[string, GroupState, number, string | undefined]> = [
    ['never notified, something firing', group([member(1, 'firing', '-')], { sequence: 0 }), T0, 'first notification'],
    ['never notified, everything already resolved', group([member(1, 'resolved', '-')], { sequence: 0 }), T0, undefined],
    ['a firing incident the receiver was not told about', group([member(1, 'firing', 'firing'), member(2, 'firing', '-')]), T0, 'new alerts added'],
    ['firing again after an all-resolved notification', group([member(2, 'firing', '-')], { sequence: 2 }), T0, 'first notification'],
    ['some told incidents resolved', group([member(1, 'firing', 'firing'), member(2, 'resolved', 'firing')]), T0, 'some alerts resolved'],
    ['some resolved, but the route does not tell resolutions', group([member(1, 'firing', 'firing'), member(2, 'resolved', 'firing')], { timing: { ...TIMING, sendResolved: false } }), T0, undefined],
    ['new firing wins over resolved', group([member(1, 'resolved', 'firing'), member(2, 'firing', '-'), member(3, 'firing', 'firing')]), T0, 'new alerts added'],
    ['every told incident resolved', group([member(1, 'resolved', 'firing'), member(2, 'resolved', 'firing')]), T0, 'all alerts resolved'],
    ['resolved before the receiver heard of them', group([member(1, 'resolved', '-')]), T0, undefined],
    ['nothing changed, repeat not due', group([member(1, 'firing', 'firing')], { timing: { ...TIMING, repeatSeconds: 3600 } }), T0 + 3599 * S, undefined],
    ['nothing changed, repeat due', group([member(1, 'firing', 'firing')], { timing: { ...TIMING, repeatSeconds: 3600 } }), T0 + 3600 * S, 'repeat interval elapsed'],
    ['nothing changed, repeats off', group([member(1, 'firing', 'firing')]), T0 + 99_999 * S, undefined],
    ['repeat due but every firing incident acknowledged', group([member(1, 'firing', 'firing', 'acknowledged')], { timing: { ...TIMING, repeatSeconds: 60 } }), T0 + 60 * S, undefined],
  ];
  for (const [name, state, now, reason] of cases) it(name, () => assert.equal(notificationReason(state, now), reason));
});

describe('flush: then', () => {
  it('the first notification lists the firing incidents with counts and a deterministic job id', () => {
    const state = group([member(1, 'firing', '-'), member(2, 'firing', '-')], { sequence: 0, lastNotifiedAt: undefined, lastFlushAt: undefined });
    const { notification, next } = flush(state, T0 + 30 * S);
    assert.equal(notification?.group.reason, 'first notification');
    assert.equal(notification?.group.sequence, 1);
    assert.equal(notification?.group.firingCount, 2);
    assert.equal(notification?.jobId, groupJobId(state, 1));
    assert.equal(flush(state, T0 + 31 * S).notification?.jobId, notification?.jobId, 'a flush run again makes the same job');
    assert.deepEqual(next?.members.map((m) => m.notified), ['firing', 'firing']);
    assert.equal(next?.nextFlushAt, undefined, 'nothing pending, no repeats: no flush due');
  });
  it('resolved incidents are listed after the firing ones, then leave the group', () => {
    const { notification, next } = flush(group([member(1, 'resolved', 'firing'), member(2, 'firing', 'firing')]), T0 + 300 * S);
    assert.deepEqual(notification?.group.incidents.map((i) => i.status), ['firing', 'resolved']);
    assert.deepEqual([notification?.group.firingCount, notification?.group.resolvedCount], [1, 1]);
    assert.deepEqual(next?.members.map((m) => m.incidentId), [id(2)]);
  });
  it('all resolved: told, and the group ends', () => {
    const { notification, next } = flush(group([member(1, 'resolved', 'firing')]), T0 + 300 * S);
    assert.equal(notification?.group.reason, 'all alerts resolved');
    assert.equal(next, undefined);
  });
  it('all resolved without send_resolved: the group ends silently', () => {
    const { notification, next } = flush(group([member(1, 'resolved', 'firing')], { timing: { ...TIMING, sendResolved: false } }), T0 + 300 * S);
    assert.equal(notification, undefined);
    assert.equal(next, undefined);
  });
  it('nothing to tell: no notification, the sequence stays', () => {
    const { notification, next } = flush(group([member(1, 'firing', 'firing')]), T0 + 300 * S);
    assert.equal(notification, undefined);
    assert.equal(next?.sequence, 1);
  });
  it('with repeats, the next flush is the first interval tick after the repeat is due', () => {
    const { next } = flush(group([member(1, 'firing', '-')], { sequence: 0, timing: { ...TIMING, repeatSeconds: 1000 } }), T0);
    assert.equal(next?.nextFlushAt, T0 + 1200 * S);
  });
  it(`lists at most ${MAX_GROUP_LISTED} incidents and counts the rest`, () => {
    const many = Array.from({ length: MAX_GROUP_LISTED + 5 }, (_, i) => member(i + 1, 'firing', '-'));
    const { notification } = flush(group(many, { sequence: 0 }), T0);
    assert.equal(notification?.group.incidents.length, MAX_GROUP_LISTED);
    assert.equal(notification?.group.truncated, 5);
    assert.equal(notification?.group.firingCount, MAX_GROUP_LISTED + 5);
  });
  it('the job carries the most recently changed incident as its message', () => {
    const { notification } = flush(group([member(2, 'firing', '-'), member(1, 'firing', '-')], { sequence: 0 }), T0);
    assert.equal(notification?.message.incident.id, id(2));
  });
});
