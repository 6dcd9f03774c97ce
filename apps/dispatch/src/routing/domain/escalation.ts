import { type EscalationDue, type IncidentEventMessage, type IncidentSnapshot, escalationStepId } from '@herald/contracts';
import { idempotencyKey } from '../../delivery/domain/repeat.policy.js';
import { type EscalationPolicy } from './escalation-policy.js';
import { type MuteDecision } from './mute.js';
import { type PlannedNotification, type ReceiverView } from './notification-plan.js';
import { type Route, matchRouteNodes } from './route-tree.js';
import { messageLabels } from './matchers.js';

/** An incident's escalation as dispatch keeps it: the next step to fire and when. */
export interface EscalationState {
  readonly incidentId: string;
  readonly policyId: string;
  /** Version of the event that (re)opened the incident: a reopen starts a new episode. */
  readonly episode: number;
  /** Pass through the policy, from 1. */
  readonly round: number;
  /** Step within the pass, from 1. */
  readonly step: number;
  /** Epoch ms. */
  readonly dueAt: number;
}

export type EscalationChange =
  /** Escalate from step 1 now (replacing an escalation of an earlier episode). */
  | { readonly kind: 'start'; readonly policyId: string; readonly episode: number }
  /** Acknowledged or resolved: nothing more to escalate. */
  | { readonly kind: 'stop' };

/**
 * How an incident event changes the incident's escalation. Triggering and reopening start the
 * policy of the first matched route (tree order, inherited like other route options) that names
 * one, whatever the route's event subscriptions; acknowledging and resolving stop it. A reopen
 * starts again from step 1: the incident is news again, and whoever acknowledged the old episode
 * may be gone. Other events leave it as it is.
 */
export function escalationOnEvent(message: IncidentEventMessage, tree: Route): EscalationChange | undefined {
  switch (message.event.type) {
    case 'IncidentTriggered':
    case 'IncidentReopened': {
      const policyId = matchRouteNodes(tree, messageLabels(message)).find((m) => m.options.escalationPolicy !== undefined)?.options.escalationPolicy;
      return policyId === undefined ? (message.event.type === 'IncidentReopened' ? { kind: 'stop' } : undefined) : { kind: 'start', policyId, episode: message.event.version };
    }
    case 'IncidentAcknowledged':
    case 'IncidentResolved':
      return { kind: 'stop' };
    default:
      return undefined;
  }
}

export type EscalationFire =
  | { readonly action: 'drop'; readonly reason: 'incident_closed' | 'policy_gone' | 'policy_done' }
  | {
      readonly action: 'fire';
      /** Sent to the incidents service, which records the step only if the incident is still triggered. */
      readonly due: EscalationDue;
      /** The step after it; undefined when this was the last step of the last pass. */
      readonly next: Pick<EscalationState, 'round' | 'step' | 'dueAt'> | undefined;
    };

/**
 * What to do with an escalation whose step fell due. The policy is read as it now stands, so an
 * edit takes effect at the next step (a step beyond a shortened policy starts the next pass). The
 * incident as dispatch last saw it only ends escalations early (`incident_closed`): dispatch
 * learns of an acknowledgement late, so the decision that counts is the incidents service's
 * when it receives the step (see `IncidentEscalated`). The next step counts from `now`, so steps
 * held up by a restart fire once each, spaced by their waits, never in a burst.
 */
export function escalationStep(input: {
  readonly state: EscalationState;
  readonly policy: EscalationPolicy | undefined;
  readonly incident: IncidentSnapshot | undefined;
  readonly now: number;
}): EscalationFire {
  const { state, policy, incident, now } = input;
  if (incident && incident.status !== 'triggered') return { action: 'drop', reason: 'incident_closed' };
  if (!policy) return { action: 'drop', reason: 'policy_gone' };
  const rounds = policy.repeat + 1;
  let { round, step } = state;
  if (step > policy.steps.length) {
    round += 1;
    step = 1;
  }
  if (round > rounds) return { action: 'drop', reason: 'policy_done' };
  const current = policy.steps[step - 1]!;
  const due: EscalationDue = {
    id: escalationStepId({ incidentId: state.incidentId, episode: state.episode, round, step }),
    incidentId: state.incidentId,
    policyId: policy.id,
    episode: state.episode,
    round,
    step,
    receivers: [...current.receivers],
    dueAt: new Date(state.dueAt).toISOString(),
  };
  const dueAt = now + current.waitSeconds * 1_000;
  const last = step === policy.steps.length;
  const next = !last ? { round, step: step + 1, dueAt } : round < rounds ? { round: round + 1, step: 1, dueAt } : undefined;
  return { action: 'fire', due, next };
}

/**
 * The notifications of a recorded escalation step (`IncidentEscalated`): one per receiver the
 * step names, besides those the routing tree already sends the event to (a route may subscribe
 * to `escalated`). The policy named them, so their own event subscriptions do not narrow this;
 * silences, maintenance windows, inhibition and pausing mute them like any notification.
 */
export function planEscalationNotifications(input: {
  readonly message: IncidentEventMessage;
  readonly planned: readonly PlannedNotification[];
  readonly receiver: (id: string) => ReceiverView | undefined;
  readonly mute: MuteDecision;
}): { notifications: PlannedNotification[]; unknownReceivers: string[] } {
  const { message, mute } = input;
  if (message.event.type !== 'IncidentEscalated') return { notifications: [], unknownReceivers: [] };
  const seen = new Set(input.planned.map((n) => n.receiverId));
  const notifications: PlannedNotification[] = [];
  const unknownReceivers: string[] = [];
  for (const id of message.event.data.receivers) {
    if (seen.has(id)) continue;
    seen.add(id);
    const receiver = input.receiver(id);
    if (!receiver) {
      unknownReceivers.push(id);
      continue;
    }
    const muted = mute.muted ? { by: mute.by, id: mute.id } : !receiver.enabled ? { by: 'paused' as const, id: receiver.id } : undefined;
    notifications.push({ jobId: idempotencyKey(message.event.id, receiver.id), receiverId: receiver.id, channel: receiver.channel, ...(muted ? { muted } : {}) });
  }
  return { notifications, unknownReceivers };
}

/** A plan with the recorded escalation step's notifications added (see {@link planEscalationNotifications}). */
export function withEscalationStep<P extends { readonly notifications: readonly PlannedNotification[]; readonly unknownReceivers: readonly string[] }>(
  plan: P,
  input: { readonly message: IncidentEventMessage; readonly receiver: (id: string) => ReceiverView | undefined; readonly mute: MuteDecision },
): P {
  const step = planEscalationNotifications({ ...input, planned: plan.notifications });
  if (step.notifications.length === 0 && step.unknownReceivers.length === 0) return plan;
  return { ...plan, notifications: [...plan.notifications, ...step.notifications], unknownReceivers: [...plan.unknownReceivers, ...step.unknownReceivers] };
}

/** The change to write per incident for a batch of events in order: the last one wins, with the version it came with. */
export function netEscalationChanges(
  messages: readonly IncidentEventMessage[],
  tree: Route,
): Array<{ readonly incidentId: string; readonly version: number; readonly change: EscalationChange }> {
  const last = new Map<string, { incidentId: string; version: number; change: EscalationChange }>();
  for (const message of messages) {
    const change = escalationOnEvent(message, tree);
    if (change) last.set(message.event.incidentId, { incidentId: message.event.incidentId, version: message.event.version, change });
  }
  return [...last.values()];
}
