import type { z } from 'zod';
import { CANONICAL_ALERT_VERSION } from './canonical-alert.js';
import { AlertBatchShape, alertsMessageId, CanonicalAlerts, oneSource } from './canonical-alerts.js';
import { DELIVERY_VERSION, DeliveryJob } from './delivery.js';
import { DeliveryOutcomes, OutcomeBatch, outcomesMessageId } from './delivery-outcomes.js';
import { ESCALATION_DUE_VERSION, EscalationDue, INCIDENT_EVENT_VERSION, IncidentEventBatch, IncidentEvents, incidentEventsMessageId } from './incident-events.js';
import { checkThen, compiledCheck, type Check } from './compiled-check.js';
import type { StreamName } from './streams.js';

/**
 * Everything about one message family in one place: its schema, version, stream,
 * the subject and id it derives from its own payload, and its CloudEvents type.
 */
export interface MessageDefinition<S extends z.ZodType> {
  readonly version: number;
  readonly stream: StreamName;
  readonly schema: S;
  readonly ceType: string;
  /** Subject without the deployment namespace. */
  readonly subject: (payload: z.infer<S>) => string;
  /** Message id: the `Nats-Msg-Id` and `ce-id`, so a retried publish is deduplicated. */
  readonly id: (payload: z.infer<S>) => string;
  /**
   * Whether the publisher parses the payload before sending. True where the payload is built
   * from a sender's input (a mistake there should fail at the producer, with the raw alert as
   * evidence); false where Herald builds it from messages it already validated, since every
   * consumer parses what it reads anyway and parsing twice per hop showed in storm profiles.
   */
  readonly validateOnPublish: boolean;
  /**
   * The usual form of the payload (what current producers publish) as a compiled check: a
   * message it passes is read as it is, without zod's copy (see compiledCheck). Anything else
   * (a message of an earlier version, or a bad one) is parsed by `schema`, which has the last word.
   */
  readonly check?: Check;
}

/** Where the outbox relay publishes incident events (a run per message; see IncidentEvents). */
export const INCIDENT_EVENTS_SUBJECT = 'incidents.events.relayed';

const define = <S extends z.ZodType>(d: MessageDefinition<S>): MessageDefinition<S> => d;

export const MESSAGES = {
  canonicalAlerts: define({
    version: CANONICAL_ALERT_VERSION,
    stream: 'ALERTS',
    schema: CanonicalAlerts,
    // A new type for the batch (the single alert was `io.herald.alert.normalised.v1`); the
    // schema reads both, and consumers go by the schema, not the type.
    ceType: `io.herald.alerts.normalised.v${CANONICAL_ALERT_VERSION}`,
    // Every alert of a message shares its source (alertChunks; the schema checks it).
    subject: (p) => `alerts.normalised.${p.alerts[0]!.source}`,
    id: (p) => alertsMessageId(p.alerts),
    validateOnPublish: true,
    // A JSON Schema cannot say the batch's rule across alerts: the check runs the same predicate after the shape.
    check: checkThen(compiledCheck(AlertBatchShape), oneSource),
  }),
  incidentEvents: define({
    version: INCIDENT_EVENT_VERSION,
    stream: 'INCIDENTS',
    schema: IncidentEvents,
    // A new type for the run (the single event was `io.herald.incident.event.v1` on
    // `incidents.events.<incidentId>`); the schema reads both, and consumers go by the schema.
    ceType: `io.herald.incident.events.v${INCIDENT_EVENT_VERSION}`,
    // One subject for every run: a run holds many incidents' events, in commit order.
    subject: () => INCIDENT_EVENTS_SUBJECT,
    id: (p) => incidentEventsMessageId(p.events),
    validateOnPublish: false,
    check: compiledCheck(IncidentEventBatch),
  }),
  escalationDue: define({
    version: ESCALATION_DUE_VERSION,
    stream: 'ESCALATIONS',
    schema: EscalationDue,
    ceType: `io.herald.escalation.due.v${ESCALATION_DUE_VERSION}`,
    subject: (p) => `escalations.due.${p.incidentId}`,
    id: (p) => p.id,
    validateOnPublish: false,
  }),
  deliveryJob: define({
    version: DELIVERY_VERSION,
    stream: 'DISPATCH',
    schema: DeliveryJob,
    ceType: `io.herald.dispatch.job.v${DELIVERY_VERSION}`,
    subject: (p) => `dispatch.jobs.${p.receiverId}`,
    id: (p) => p.id,
    validateOnPublish: false,
    check: compiledCheck(DeliveryJob),
  }),
  deliveryOutcomes: define({
    version: DELIVERY_VERSION,
    stream: 'DELIVERIES',
    schema: DeliveryOutcomes,
    // A new type for the batch (the single outcome was `io.herald.delivery.outcome.v1`); the
    // schema reads both, and consumers go by the schema, not the type.
    ceType: `io.herald.delivery.outcomes.v${DELIVERY_VERSION}`,
    // Every outcome of a message shares outcome kind and receiver (outcomeBatches).
    subject: (p) => `deliveries.${p.outcomes[0]!.outcome}.${p.outcomes[0]!.receiverId}`,
    id: (p) => outcomesMessageId(p.outcomes),
    validateOnPublish: false,
    check: compiledCheck(OutcomeBatch),
  }),
} as const;

export type MessageKind = keyof typeof MESSAGES;
export type Payload<K extends MessageKind> = z.infer<(typeof MESSAGES)[K]['schema']>;
