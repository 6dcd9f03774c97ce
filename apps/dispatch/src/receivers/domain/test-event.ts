import { z } from 'zod';
import { INCIDENT_EVENT_TYPES, IncidentEventMessage, type IncidentEvent, type IncidentEventType, type IncidentStatus, type Severity } from '@herald/contracts';
import { SUBSCRIPTIONS, subscriptionOf, type Subscription } from '../../routing/domain/route-tree.js';

/** The event a subscription name stands for in a test (the first of its types). */
const EVENT_OF: Readonly<Record<Subscription, IncidentEventType>> = Object.fromEntries(
  [...INCIDENT_EVENT_TYPES].reverse().map((type) => [subscriptionOf(type), type]),
) as Record<Subscription, IncidentEventType>;

/** `POST /v1/receivers/:id/test` body: an event type, by its name (`IncidentResolved`) or its subscription (`resolved`). */
export const ReceiverTestBody = z
  .object({ eventType: z.enum([...INCIDENT_EVENT_TYPES, ...SUBSCRIPTIONS]).default('IncidentTriggered') })
  .strict();
export type ReceiverTestBody = z.output<typeof ReceiverTestBody>;

export function testEventType(name: ReceiverTestBody['eventType']): IncidentEventType {
  return (INCIDENT_EVENT_TYPES as readonly string[]).includes(name) ? (name as IncidentEventType) : EVENT_OF[name as Subscription];
}

/** Fresh ids for one test notification. */
export interface TestIds {
  readonly incidentId: string;
  readonly eventId: string;
  readonly alertId: string;
}

const STATUS_AFTER: Partial<Record<IncidentEventType, IncidentStatus>> = { IncidentAcknowledged: 'acknowledged', IncidentResolved: 'resolved' };
const HERALD = { kind: 'system', reason: 'Herald test notification' } as const;

function eventData(type: IncidentEventType, ids: TestIds, summary: string, labels: Record<string, string>): IncidentEvent['data'] {
  switch (type) {
    case 'IncidentTriggered':
      return { dedupKey: 'herald-test', integrationId: 'herald', source: 'generic', severity: 'info', summary, labels, annotations: {}, details: { test: true }, links: [], alertId: ids.alertId };
    case 'AlertDeduplicated':
      return { alertId: ids.alertId, summary, details: { test: true } };
    case 'IncidentSeverityChanged':
      return { from: 'info', to: 'warning' };
    case 'IncidentAcknowledged':
    case 'IncidentResolved':
      return { by: HERALD };
    case 'IncidentReopened':
      return { alertId: ids.alertId, severity: 'info', summary, details: { test: true } };
    case 'IncidentFlapping':
      return { cycles: 3, windowSeconds: 600 };
    case 'IncidentStabilised':
      return {};
    case 'IncidentNoteAdded':
      return { author: 'Herald', text: 'Herald test notification: a note on the test incident' };
    case 'IncidentEscalated':
      return { policyId: 'herald-test', episode: 1, round: 1, step: 1, receivers: ['herald-test'] };
  }
}

/** The snapshot of an incident Herald raises about itself (a test, an operational notice), opened `at`. */
export function systemIncident(input: {
  readonly id: string;
  readonly dedupKey: string;
  readonly at: string;
  readonly status: IncidentStatus;
  readonly severity: Severity;
  readonly summary: string;
  readonly labels: Record<string, string>;
  readonly flapping?: boolean;
}): Record<string, unknown> {
  const { at, status } = input;
  return {
    id: input.id,
    dedupKey: input.dedupKey,
    integrationId: 'herald',
    source: 'generic',
    status,
    severity: input.severity,
    summary: input.summary,
    labels: input.labels,
    annotations: {},
    links: [],
    alertCount: 1,
    flapping: input.flapping ?? false,
    openedAt: at,
    lastAlertAt: at,
    ...(status === 'acknowledged' ? { acknowledgedAt: at } : {}),
    ...(status === 'resolved' ? { resolvedAt: at } : {}),
  };
}

/**
 * A plainly labelled test incident carrying an event of `type`, so nobody mistakes it for a
 * real one; checked against the message contract, so the test sends what a real event would.
 */
export function testMessage(type: IncidentEventType, now: Date, ids: TestIds): IncidentEventMessage {
  const at = now.toISOString();
  const summary = 'Herald test notification: this receiver is reachable';
  const labels = { alertname: 'HeraldTestNotification', herald_test: 'true' };
  const status = STATUS_AFTER[type] ?? 'triggered';
  return IncidentEventMessage.parse({
    event: { id: ids.eventId, incidentId: ids.incidentId, version: 1, occurredAt: at, type, data: eventData(type, ids, summary, labels) },
    incident: systemIncident({
      id: ids.incidentId,
      dedupKey: 'herald-test',
      at,
      status,
      severity: type === 'IncidentSeverityChanged' ? 'warning' : 'info',
      summary,
      labels,
      flapping: type === 'IncidentFlapping',
    }),
  });
}
