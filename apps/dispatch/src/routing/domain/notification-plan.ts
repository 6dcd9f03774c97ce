import { type Channel, type IncidentEventMessage, type IncidentEventType } from '@herald/contracts';
import { idempotencyKey } from '../../delivery/domain/repeat.policy.js';
import { type MuteDecision, type MuteReason } from './mute.js';
import { type Grouping, subscriptionOf, type RouteTarget, type Subscription } from './route-tree.js';

/** What routing needs to know about a receiver. */
export interface ReceiverView {
  readonly id: string;
  readonly channel: Channel;
  /** False while paused: notifications are recorded as muted, not sent. */
  readonly enabled: boolean;
  /** The receiver's own subscriptions, narrowing what the routes send it; unset takes every type. */
  readonly eventTypes?: readonly Subscription[];
}

export type MutedBy = MuteReason | 'paused';

export interface PlannedNotification {
  /** Idempotency key: incident event id + receiver id. */
  readonly jobId: string;
  readonly receiverId: string;
  readonly channel: Channel;
  /** Set when the notification is recorded as muted instead of sent. */
  readonly muted?: { readonly by: MutedBy; readonly id: string };
}

/** How the repeat state of the incident changes with this event. */
export type RepeatChange =
  /** The incident is no longer `triggered`: nobody gets repeats any more. */
  | { readonly kind: 'clear' }
  /** This event becomes what is repeated to the receiver, counting from now. */
  | { readonly kind: 'base'; readonly receiverId: string; readonly intervalSeconds: number }
  /** The receiver heard about the incident now: the next repeat counts from now. */
  | { readonly kind: 'touch'; readonly receiverId: string; readonly intervalSeconds: number };

/** A grouped route's receiver: the event goes into the receiver's group instead of a notification of its own. */
export interface PlannedGroupChange {
  readonly receiverId: string;
  readonly path: readonly number[];
  readonly grouping: Grouping;
  readonly repeatIntervalSeconds: number | undefined;
}

export interface NotificationPlan {
  readonly notifications: readonly PlannedNotification[];
  /** Groups the event changes (grouped routes); their notifications come from the group flush. */
  readonly groups: readonly PlannedGroupChange[];
  /** Receivers named by the routing tree that do not exist (a configuration mistake to report). */
  readonly unknownReceivers: readonly string[];
  readonly repeats: readonly RepeatChange[];
}

/**
 * A receiver's own event subscriptions narrow what the routing tree sends it: a routed event
 * reaches the receiver only if the receiver also subscribes to its type. Unset means no
 * narrowing (every type the routes send), so receivers without subscriptions work as before.
 */
export function receiverTakes(eventTypes: readonly Subscription[] | undefined, subscription: Subscription): boolean {
  return eventTypes === undefined || eventTypes.includes(subscription);
}

/** Events a repeat re-sends: those that tell someone the incident needs them. */
const REPEATABLE: ReadonlySet<IncidentEventType> = new Set(['IncidentTriggered', 'IncidentReopened', 'IncidentSeverityChanged']);

/**
 * One notification per routed receiver, muted (with the reason) when a silence, maintenance
 * window or inhibition applies or the receiver is paused; and the repeat bookkeeping. A muted
 * notification still becomes the repeat base, so a receiver hears about an incident that is
 * still open once the silence is over. A grouped route's receiver gets a group change instead
 * (and no per-incident repeats: the group repeats as a whole).
 */
export function planNotifications(input: {
  readonly message: IncidentEventMessage;
  readonly targets: readonly RouteTarget[];
  readonly receiver: (id: string) => ReceiverView | undefined;
  readonly mute: MuteDecision;
}): NotificationPlan {
  const { message, targets, mute } = input;
  const notifications: PlannedNotification[] = [];
  const unknownReceivers: string[] = [];
  const repeats: RepeatChange[] = [];
  const groups: PlannedGroupChange[] = [];
  const open = message.incident.status === 'triggered';
  if (!open) repeats.push({ kind: 'clear' });
  for (const target of targets) {
    const receiver = input.receiver(target.receiverId);
    if (!receiver) {
      unknownReceivers.push(target.receiverId);
      continue;
    }
    if (target.grouping) {
      // A muted incident does not join (or change) a group: it is recorded as muted, as without grouping.
      // Its resolution still goes in, so a group never keeps an incident firing that has ended.
      if (mute.muted && message.incident.status !== 'resolved') {
        notifications.push({ jobId: idempotencyKey(message.event.id, receiver.id), receiverId: receiver.id, channel: receiver.channel, muted: { by: mute.by, id: mute.id } });
        continue;
      }
      const sendResolved = target.grouping.sendResolved && receiverTakes(receiver.eventTypes, 'resolved');
      groups.push({ receiverId: receiver.id, path: target.path, grouping: { ...target.grouping, sendResolved }, repeatIntervalSeconds: target.repeatIntervalSeconds });
      continue;
    }
    // Not subscribed: as if no route had reached it (no notification, no repeat bookkeeping).
    if (!receiverTakes(receiver.eventTypes, subscriptionOf(message.event.type))) continue;
    const muted = mute.muted ? { by: mute.by, id: mute.id } : !receiver.enabled ? { by: 'paused' as const, id: receiver.id } : undefined;
    notifications.push({
      jobId: idempotencyKey(message.event.id, receiver.id),
      receiverId: receiver.id,
      channel: receiver.channel,
      ...(muted ? { muted } : {}),
    });
    const interval = target.repeatIntervalSeconds;
    if (!open || interval === undefined || interval <= 0) continue;
    if (REPEATABLE.has(message.event.type)) repeats.push({ kind: 'base', receiverId: receiver.id, intervalSeconds: interval });
    else if (!muted) repeats.push({ kind: 'touch', receiverId: receiver.id, intervalSeconds: interval });
  }
  return { notifications, groups, unknownReceivers, repeats };
}
