import { type IncidentEvent, type IncidentEventMessage, type IncidentSnapshot } from '@herald/contracts';
import { needsRepeat, nextRepeatAt, repeatIdempotencyKey } from '../../delivery/domain/repeat.policy.js';
import { type MuteDecision } from './mute.js';
import { type ReceiverView } from './notification-plan.js';
import { type Route, matchRoutes } from './route-tree.js';

/** A repeat-state row that fell due. */
export interface DueRepeat {
  readonly incidentId: string;
  readonly receiverId: string;
  /** The event last notified, re-sent with the incident as it now stands. */
  readonly event: IncidentEvent;
  /** Epoch ms. */
  readonly lastNotifiedAt: number;
  /** Repeats already sent for this event (0 before the first). */
  readonly sequence: number;
}

export type RepeatStep =
  | { readonly action: 'drop'; readonly reason: 'incident_closed' | 'receiver_gone' | 'not_routed' | 'repeats_off' }
  | { readonly action: 'postpone'; readonly reason: 'flapping' | 'muted' | 'paused' | 'not_due'; readonly nextAt: number }
  | {
      readonly action: 'send';
      readonly sequence: number;
      readonly jobId: string;
      readonly message: IncidentEventMessage;
      readonly nextAt: number;
    };

/**
 * What to do with a due repeat. The route is looked up again, so a changed tree or interval
 * takes effect; a closed incident, a deleted receiver or a route that no longer reaches it ends
 * the repeats; flapping, a mute or a paused receiver only postpone them (nothing is recorded
 * for a postponed repeat: the notification it repeats was already recorded).
 */
export function repeatStep(input: {
  readonly due: DueRepeat;
  readonly incident: IncidentSnapshot | undefined;
  readonly tree: Route;
  readonly receiver: ReceiverView | undefined;
  readonly mute: (message: IncidentEventMessage) => MuteDecision;
  readonly now: number;
}): RepeatStep {
  const { due, incident, now } = input;
  if (!incident || incident.status !== 'triggered') return { action: 'drop', reason: 'incident_closed' };
  if (!input.receiver) return { action: 'drop', reason: 'receiver_gone' };
  const message: IncidentEventMessage = { event: due.event, incident };
  // Routing holds flapping incidents back; look the route up as if steady, then postpone.
  const target = matchRoutes(input.tree, { ...message, incident: { ...incident, flapping: false } }).find((t) => t.receiverId === due.receiverId);
  // A route that groups now repeats its groups, not each incident.
  if (!target || target.grouping) return { action: 'drop', reason: 'not_routed' };
  const interval = target.repeatIntervalSeconds;
  if (interval === undefined || interval <= 0) return { action: 'drop', reason: 'repeats_off' };
  const later = now + interval * 1_000;
  if (incident.flapping) return { action: 'postpone', reason: 'flapping', nextAt: later };
  const timing = { lastNotifiedAt: due.lastNotifiedAt, repeatIntervalSeconds: interval };
  if (!needsRepeat({ ...timing, status: incident.status, now })) {
    return { action: 'postpone', reason: 'not_due', nextAt: nextRepeatAt(timing) ?? later };
  }
  if (!input.receiver.enabled) return { action: 'postpone', reason: 'paused', nextAt: later };
  if (input.mute(message).muted) return { action: 'postpone', reason: 'muted', nextAt: later };
  const sequence = due.sequence + 1;
  return { action: 'send', sequence, jobId: repeatIdempotencyKey(due.event.id, due.receiverId, sequence), message, nextAt: later };
}
