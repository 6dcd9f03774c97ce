import { z } from 'zod';
import { batchMessageId } from './batch-id.js';
import { IsoDateTime, Link, StringMap } from './common.js';
import { Severity, SourceType } from './sources.js';

export const INCIDENT_EVENT_VERSION = 1;

/** Who caused a transition: an alert from a tool, a person, or Herald itself. */
export const Actor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('alert'), alertId: z.uuid() }),
  z.object({ kind: z.literal('user'), name: z.string().min(1).max(200) }),
  z.object({ kind: z.literal('system'), reason: z.string().min(1).max(200) }),
]);
export type Actor = z.infer<typeof Actor>;

const event = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({
    id: z.uuid(),
    incidentId: z.uuid(),
    /** Position in the incident's own stream, from 1. */
    version: z.number().int().positive(),
    occurredAt: IsoDateTime,
    type: z.literal(type),
    data,
  });

export const IncidentTriggered = event(
  'IncidentTriggered',
  z.object({
    dedupKey: z.string().min(1).max(255),
    integrationId: z.string().min(1),
    source: SourceType,
    severity: Severity,
    summary: z.string().min(1).max(1024),
    service: z.string().max(255).optional(),
    labels: StringMap,
    annotations: StringMap,
    details: z.record(z.string(), z.unknown()),
    links: z.array(Link),
    alertId: z.uuid(),
    endsAt: IsoDateTime.optional(),
  }),
);
export const AlertDeduplicated = event(
  'AlertDeduplicated',
  z.object({
    alertId: z.uuid(),
    summary: z.string().min(1).max(1024),
    details: z.record(z.string(), z.unknown()),
    endsAt: IsoDateTime.optional(),
  }),
);
export const IncidentSeverityChanged = event(
  'IncidentSeverityChanged',
  z.object({ from: Severity, to: Severity }),
);
export const IncidentAcknowledged = event('IncidentAcknowledged', z.object({ by: Actor }));
export const IncidentResolved = event('IncidentResolved', z.object({ by: Actor }));
export const IncidentReopened = event(
  'IncidentReopened',
  z.object({
    alertId: z.uuid(),
    severity: Severity,
    summary: z.string().min(1).max(1024),
    details: z.record(z.string(), z.unknown()).optional(),
    endsAt: IsoDateTime.optional(),
  }),
);
export const IncidentFlapping = event(
  'IncidentFlapping',
  z.object({ cycles: z.number().int().nonnegative(), windowSeconds: z.number().int().positive() }),
);
export const IncidentStabilised = event('IncidentStabilised', z.object({}));
export const IncidentNoteAdded = event(
  'IncidentNoteAdded',
  z.object({ author: z.string().min(1).max(200), text: z.string().min(1).max(10_000) }),
);

/**
 * A step of an escalation policy fired: nobody acknowledged or resolved the incident in time,
 * so `receivers` are notified. `episode` is the version of the event that (re)opened the
 * incident, so a step of an earlier episode cannot fire after a reopen.
 */
export const IncidentEscalated = event(
  'IncidentEscalated',
  z.object({
    policyId: z.string().min(1).max(128),
    episode: z.number().int().positive(),
    /** The pass through the policy, from 1 (a policy with `repeat: 2` has passes 1 to 3). */
    round: z.number().int().positive(),
    /** The step within the pass, from 1. */
    step: z.number().int().positive(),
    receivers: z.array(z.string().min(1).max(128)).min(1).max(50),
  }),
);

export const IncidentEvent = z.discriminatedUnion('type', [
  IncidentTriggered,
  AlertDeduplicated,
  IncidentSeverityChanged,
  IncidentAcknowledged,
  IncidentResolved,
  IncidentReopened,
  IncidentFlapping,
  IncidentStabilised,
  IncidentNoteAdded,
  IncidentEscalated,
]);
export type IncidentEvent = z.infer<typeof IncidentEvent>;
export type IncidentEventType = IncidentEvent['type'];
export const INCIDENT_EVENT_TYPES = IncidentEvent.options.map(
  (o) => o.shape.type.value,
) as readonly IncidentEventType[];

export const IncidentStatus = z.enum(['triggered', 'acknowledged', 'resolved']);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

/** The incident as it stands after an event: carried with the event so consumers need no lookup. */
export const IncidentSnapshot = z.object({
  id: z.uuid(),
  dedupKey: z.string().min(1).max(255),
  integrationId: z.string().min(1),
  source: SourceType,
  status: IncidentStatus,
  severity: Severity,
  summary: z.string().min(1).max(1024),
  service: z.string().max(255).optional(),
  labels: StringMap,
  annotations: StringMap,
  links: z.array(Link),
  alertCount: z.number().int().nonnegative(),
  flapping: z.boolean(),
  openedAt: IsoDateTime,
  lastAlertAt: IsoDateTime,
  acknowledgedAt: IsoDateTime.optional(),
  resolvedAt: IsoDateTime.optional(),
});
export type IncidentSnapshot = z.infer<typeof IncidentSnapshot>;

/** One incident event as it travels: the event, the incident after it, and when its alert arrived. */
export const IncidentEventMessage = z.object({
  event: IncidentEvent,
  incident: IncidentSnapshot,
  /** When Herald received the alert that caused this event, for end-to-end latency. */
  alertReceivedAt: IsoDateTime.optional(),
});
export type IncidentEventMessage = z.infer<typeof IncidentEventMessage>;

/**
 * Most events one INCIDENTS message carries: the relay's commit-order run of events, cut into
 * messages of at most this many (about 300 KB at 3 KB an event, far below JetStream's 1 MB).
 */
export const MAX_EVENTS_PER_MESSAGE = 100;

/** A run of events, as the relay publishes them (IncidentEvents also reads a lone event of earlier versions). */
export const IncidentEventBatch = z.object({ events: z.array(IncidentEventMessage).min(1).max(MAX_EVENTS_PER_MESSAGE) });

/**
 * Incident events as they travel on INCIDENTS (`incidents.events.relayed`): a run of them in
 * commit order per message, since per-message costs (publish, headers, store, deliver, ack)
 * were a tenth of the machine's CPU in a storm when each event was a message of its own. The
 * single event that earlier versions published on `incidents.events.<incidentId>` is read as a
 * run of one, so messages left in the stream across an upgrade are still routed.
 */
export const IncidentEvents = z.union([IncidentEventBatch, IncidentEventMessage.transform((message) => ({ events: [message] }))]);
export type IncidentEvents = z.infer<typeof IncidentEvents>;

/** The message id of a run of events: a lone event's own id (as before), else a hash of the ids (see batchMessageId). */
export function incidentEventsMessageId(events: readonly IncidentEventMessage[]): string {
  return batchMessageId('events', events.map((m) => m.event));
}

/**
 * An escalation step fell due (sent by dispatch, decided by incidents): record it as
 * `IncidentEscalated` if the incident is still triggered in the same episode. Its id is
 * derived from incident, episode, round and step, so the same step is one message however
 * often a scheduler retries it.
 */
export const ESCALATION_DUE_VERSION = 1;
export const EscalationDue = z.object({
  id: z.string().min(1).max(300),
  incidentId: z.uuid(),
  policyId: z.string().min(1).max(128),
  episode: z.number().int().positive(),
  round: z.number().int().positive(),
  step: z.number().int().positive(),
  receivers: z.array(z.string().min(1).max(128)).min(1).max(50),
  dueAt: IsoDateTime,
});
export type EscalationDue = z.infer<typeof EscalationDue>;

/** The deterministic id of one escalation step of one incident. */
export const escalationStepId = (s: Pick<EscalationDue, 'incidentId' | 'episode' | 'round' | 'step'>): string =>
  `escalation.${s.incidentId}.${s.episode}.${s.round}.${s.step}`;
