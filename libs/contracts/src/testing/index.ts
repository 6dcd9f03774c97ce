import { randomUUID } from 'node:crypto';
import type { CanonicalAlert } from '../canonical-alert.js';
import type { DeliveryOutcome } from '../delivery.js';
import type { IncidentEventMessage } from '../incident-events.js';

/**
 * A delivered first attempt of a webhook job, for tests of code that handles delivery outcomes
 * (`@herald/contracts/testing`); override what the case is about. The job id follows the id
 * (`<job id>.<attempt>`) unless given.
 */
export function deliveryOutcome(over: Partial<DeliveryOutcome> = {}): DeliveryOutcome {
  const id = over.id ?? 'job-1.1';
  return {
    id,
    jobId: id.replace(/\.\d+$/, ''),
    receiverId: 'ops',
    channel: 'webhook',
    outcome: 'delivered',
    attempt: 1,
    statusCode: 200,
    statusClass: '2xx',
    durationMs: 10,
    incidentId: '00000000-0000-4000-8000-000000000001',
    eventId: '00000000-0000-4000-8000-000000000002',
    eventType: 'IncidentTriggered',
    attemptedAt: '2025-03-04T10:15:00.000Z',
    ...over,
  };
}

/** A triggered incident event, valid per the contracts; `labels` say what the test is about. */
export function incidentEventMessage(labels: Record<string, string> = {}, summary = 'Disk almost full on db-1'): IncidentEventMessage {
  const incidentId = randomUUID();
  const at = new Date().toISOString();
  return {
    event: {
      id: randomUUID(),
      incidentId,
      version: 1,
      occurredAt: at,
      type: 'IncidentTriggered',
      data: {
        dedupKey: `test:${incidentId}`,
        integrationId: 'test',
        source: 'alertmanager',
        severity: 'critical',
        summary,
        labels,
        annotations: {},
        details: {},
        links: [],
        alertId: randomUUID(),
      },
    },
    incident: {
      id: incidentId,
      dedupKey: `test:${incidentId}`,
      integrationId: 'test',
      source: 'alertmanager',
      status: 'triggered',
      severity: 'critical',
      summary,
      labels,
      annotations: {},
      links: [],
      alertCount: 1,
      flapping: false,
      openedAt: at,
      lastAlertAt: at,
    },
    alertReceivedAt: at,
  };
}

/** A valid canonical alert whose id ends in `tag` (ids must be UUIDs); override what the case is about. */
export function canonicalAlert(tag: number, over: Partial<CanonicalAlert> = {}): CanonicalAlert {
  return {
    id: `00000000-0000-4000-8000-${String(tag).padStart(12, '0')}`,
    rawId: '6f9619ff-8b86-4d01-b42d-00cf4fc964ff',
    integrationId: 'prom',
    source: 'alertmanager',
    action: 'trigger',
    dedupKey: `key-${tag}`,
    severity: 'critical',
    summary: `alert ${tag}`,
    labels: {},
    annotations: {},
    details: {},
    links: [],
    occurredAt: '2026-01-01T00:00:00.000Z',
    receivedAt: '2026-01-01T00:00:01.000Z',
    ...over,
  };
}
