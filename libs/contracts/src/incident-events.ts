import { z } from 'zod';
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

/** What is published on `incidents.events.<incidentId>`. */
export const IncidentEventMessage = z.object({
  event: IncidentEvent,
  incident: IncidentSnapshot,
  /** When Herald received the alert that caused this event, for end-to-end latency. */
  alertReceivedAt: IsoDateTime.optional(),
});
export type IncidentEventMessage = z.infer<typeof IncidentEventMessage>;
