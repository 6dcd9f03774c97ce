import { createHash } from 'node:crypto';
import {
  type GroupedIncident,
  type IncidentEventMessage,
  MAX_GROUP_LISTED,
  type NotificationGroup,
  type NotificationReason,
} from '@herald/contracts';
import { type LabelSet, messageLabels } from './matchers.js';
import { type Grouping } from './route-tree.js';

/*
 * Alertmanager's grouping on Herald's incidents, as pure functions: `absorb` folds an
 * incident event into a group, `flush` decides at a group's due time whether the receiver is
 * told, and why (AM's `needsUpdate` in notify/dedup_stage.go). Time comes in as epoch ms.
 */

/** How a group's route times it; refreshed with every incident event the group absorbs. */
export interface GroupTiming {
  readonly waitSeconds: number;
  readonly intervalSeconds: number;
  /** Unset or 0: no repeats. */
  readonly repeatSeconds?: number;
  /** False when the route (or receiver) does not take `resolved`: Alertmanager's `send_resolved: false`. */
  readonly sendResolved: boolean;
}

/** The group as a whole, without its members. */
export interface GroupHeader {
  readonly key: string;
  readonly receiverId: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly timing: GroupTiming;
  /** When this incarnation of the group was created: part of its job ids, so a group that ends and comes back never reuses one. */
  readonly createdAt: number;
  /** Notifications decided so far (the flush sequence of the job ids). */
  readonly sequence: number;
  readonly lastNotifiedAt?: number;
  readonly lastFlushAt?: number;
  /** Undefined: nothing to tell and no repeat pending. */
  readonly nextFlushAt?: number;
}

export type MemberStatus = 'firing' | 'resolved';

export interface GroupMember {
  readonly incidentId: string;
  readonly status: MemberStatus;
  /** What the receiver was last told about this incident; undefined: nothing yet. */
  readonly notified?: MemberStatus;
  /** The incident's version after the event last absorbed: an older or repeated event changes nothing. */
  readonly version: number;
  readonly changedAt: number;
  /** The last event absorbed and the incident as it left it. */
  readonly message: IncidentEventMessage;
}

export interface GroupState extends GroupHeader {
  readonly members: readonly GroupMember[];
}


/**
 * The group an incident falls in at a route: Alertmanager's group key is the route plus the
 * values of the `groupBy` labels (a missing label counts as empty); Herald adds the receiver,
 * since one route node names one receiver. `[]` puts every incident of the route in one group.
 */
export function groupOf(input: { readonly path: readonly number[]; readonly receiverId: string; readonly by: readonly string[]; readonly labels: LabelSet }): {
  key: string;
  labels: Record<string, string>;
} {
  const labels: Record<string, string> = {};
  for (const name of [...input.by].sort()) labels[name] = input.labels[name] ?? '';
  const pairs = Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return { key: `{${input.path.join('/')}}/${input.receiverId}:{${pairs.join(',')}}`, labels };
}

/** Deterministic job id of a group's n-th notification: a flush run twice, or again after a crash, makes the same job. */
export function groupJobId(group: Pick<GroupHeader, 'key' | 'createdAt'>, sequence: number): string {
  const hash = createHash('sha256').update(group.key).digest('hex').slice(0, 32);
  return `group.${hash}.${group.createdAt}.${sequence}`;
}

/** The next tick of a group's interval grid at or after `now`, as Alertmanager's group timer keeps its phase. */
function nextTick(lastFlushAt: number, intervalMs: number, now: number): number {
  if (now <= lastFlushAt + intervalMs) return lastFlushAt + intervalMs;
  return lastFlushAt + Math.ceil((now - lastFlushAt) / intervalMs) * intervalMs;
}

/** What absorbing needs of a stored member: where it stands, not its incident. */
export type StoredMember = Pick<GroupMember, 'status' | 'notified' | 'version'>;

/** One incident event for one group, as routing hands it to the group store. */
export interface GroupChange {
  readonly key: string;
  readonly receiverId: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly timing: GroupTiming;
  readonly message: IncidentEventMessage;
}

/** The groups an event changes, from the grouped routes routing planned for it. */
export function groupChanges(
  message: IncidentEventMessage,
  planned: readonly { readonly receiverId: string; readonly path: readonly number[]; readonly grouping: Grouping; readonly repeatIntervalSeconds: number | undefined }[],
): GroupChange[] {
  if (planned.length === 0) return [];
  const labels = messageLabels(message);
  return planned.map((p) => {
    const group = groupOf({ path: p.path, receiverId: p.receiverId, by: p.grouping.by, labels });
    const timing: GroupTiming = {
      waitSeconds: p.grouping.waitSeconds,
      intervalSeconds: p.grouping.intervalSeconds,
      sendResolved: p.grouping.sendResolved,
      ...(p.repeatIntervalSeconds ? { repeatSeconds: p.repeatIntervalSeconds } : {}),
    };
    return { key: group.key, receiverId: p.receiverId, labels: group.labels, timing, message };
  });
}

export interface Absorbed {
  readonly header: GroupHeader;
  readonly member: GroupMember;
}

/**
 * Folds one incident event into its group. `header` and `member` are the group and this
 * incident's place in it as stored (undefined when absent). Returns undefined when nothing
 * changes: an event already absorbed (same or older version), or a resolution of an incident
 * the group never had. A new group is due after `group_wait`; a group already notified tells
 * its changes at the next tick of its `group_interval`; a change that only refreshes the
 * listing (acknowledged, severity) schedules nothing.
 */
export function absorb(input: {
  readonly header: GroupHeader | undefined;
  readonly member: StoredMember | undefined;
  readonly key: string;
  readonly receiverId: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly timing: GroupTiming;
  readonly message: IncidentEventMessage;
  readonly now: number;
}): Absorbed | undefined {
  const { member, message, now, timing } = input;
  const version = message.event.version;
  if (member && member.version >= version) return undefined;
  const status: MemberStatus = message.incident.status === 'resolved' ? 'resolved' : 'firing';
  if (!member && status === 'resolved') return undefined;
  const next: GroupMember = {
    incidentId: message.incident.id,
    status,
    ...(member?.notified ? { notified: member.notified } : {}),
    version,
    changedAt: now,
    message,
  };
  const header: GroupHeader = input.header
    ? { ...input.header, timing }
    : { key: input.key, receiverId: input.receiverId, labels: input.labels, timing, createdAt: now, sequence: 0, nextFlushAt: now + timing.waitSeconds * 1_000 };
  const moved = member?.status !== status;
  if (!moved || header.nextFlushAt !== undefined) return { header, member: next };
  const from = header.lastFlushAt ?? now;
  return { header: { ...header, nextFlushAt: nextTick(from, timing.intervalSeconds * 1_000, now) }, member: next };
}

/** Alertmanager's `needsUpdate`: why the receiver is told now, or undefined when it is not. */
export function notificationReason(state: GroupState, now: number): NotificationReason | undefined {
  const firing = state.members.filter((m) => m.status === 'firing');
  const toldFiring = state.members.filter((m) => m.notified === 'firing');
  if (state.sequence === 0) return firing.length > 0 ? 'first notification' : undefined;
  if (firing.some((m) => m.notified !== 'firing')) return toldFiring.length === 0 ? 'first notification' : 'new alerts added';
  if (firing.length === 0) return toldFiring.length > 0 ? 'all alerts resolved' : undefined;
  if (state.timing.sendResolved && state.members.some((m) => m.status === 'resolved' && m.notified === 'firing')) return 'some alerts resolved';
  const repeat = state.timing.repeatSeconds ?? 0;
  // Herald's repeats remind someone who has not acknowledged: a group whose firing incidents are all acknowledged is not repeated.
  const unacknowledged = firing.some((m) => m.message.incident.status === 'triggered');
  if (repeat > 0 && unacknowledged && state.lastNotifiedAt !== undefined && now >= state.lastNotifiedAt + repeat * 1_000) return 'repeat interval elapsed';
  return undefined;
}

export interface Flushed {
  /** Set when the receiver is told: the group notification and its job id. */
  readonly notification?: { readonly jobId: string; readonly group: NotificationGroup; readonly message: IncidentEventMessage };
  /** The group after the flush; undefined when it has ended (no members left). */
  readonly next: GroupState | undefined;
}

/** Bytes of incidents one notification carries at most: the job must stay well inside NATS's 1 MB message limit. */
const LISTED_BYTES = 512 * 1024;

/** The incidents listed, at most MAX_GROUP_LISTED and LISTED_BYTES of them. */
function listed(members: readonly GroupMember[]): GroupedIncident[] {
  const out: GroupedIncident[] = [];
  let bytes = 0;
  for (const m of members) {
    if (out.length === MAX_GROUP_LISTED) break;
    bytes += JSON.stringify(m.message.incident).length;
    if (bytes > LISTED_BYTES && out.length > 0) break;
    out.push({ status: m.status, incident: m.message.incident });
  }
  return out;
}

/**
 * A due group's flush. When the receiver is told, the notification lists the firing
 * incidents, then (with `sendResolved`) the resolved ones, at most MAX_GROUP_LISTED; an
 * "all alerts resolved" to a receiver that does not take resolutions is decided (the group
 * ends) but not sent, as Alertmanager does. After any flush the resolved incidents leave the
 * group and the firing ones count as told. The next flush is due only for a repeat; a change
 * schedules one (see `absorb`).
 */
export function flush(state: GroupState, now: number): Flushed {
  const reason = notificationReason(state, now);
  const firing = state.members.filter((m) => m.status === 'firing');
  const resolved = state.members.filter((m) => m.status === 'resolved');
  const sends = reason !== undefined && (firing.length > 0 || state.timing.sendResolved);
  const sequence = reason !== undefined ? state.sequence + 1 : state.sequence;
  const remaining = firing.map((m) => ({ ...m, notified: 'firing' as const }));
  const repeat = state.timing.repeatSeconds ?? 0;
  const lastNotifiedAt = reason !== undefined ? now : state.lastNotifiedAt;
  const next: GroupState | undefined =
    remaining.length === 0
      ? undefined
      : {
          ...state,
          sequence,
          ...(lastNotifiedAt !== undefined ? { lastNotifiedAt } : {}),
          lastFlushAt: now,
          ...(repeat > 0 && lastNotifiedAt !== undefined
            ? { nextFlushAt: nextTick(now, state.timing.intervalSeconds * 1_000, Math.max(now, lastNotifiedAt + repeat * 1_000)) }
            : { nextFlushAt: undefined }),
          members: remaining,
        };
  if (!sends || reason === undefined) return { next };
  const shown = [...firing, ...(state.timing.sendResolved ? resolved : [])];
  const newest = state.members.reduce((a, b) => (b.changedAt > a.changedAt ? b : a));
  const incidents = listed(shown);
  const group: NotificationGroup = {
    key: state.key,
    labels: { ...state.labels },
    reason,
    sequence,
    firingCount: firing.length,
    resolvedCount: state.timing.sendResolved ? resolved.length : 0,
    incidents,
    truncated: shown.length - incidents.length,
  };
  return { notification: { jobId: groupJobId(state, sequence), group, message: newest.message }, next };
}
