import { type IncidentEvent, type IncidentEventMessage, type IncidentSnapshot } from '@herald/contracts';

export const INCIDENT_ID = '0b6f3c2e-8a43-4c1e-9d0a-5a1b2c3d4e5f';
const EVENT_ID = '7d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a';
const ALERT_ID = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const AT = '2026-03-02T10:00:00Z';

/** A plausible open incident for tests; override what the case is about. */
export function snapshot(overrides: Partial<IncidentSnapshot> = {}): IncidentSnapshot {
  return {
    id: INCIDENT_ID,
    dedupKey: 'db-down',
    integrationId: 'int-1',
    source: 'alertmanager',
    status: 'triggered',
    severity: 'critical',
    summary: 'Database down',
    service: 'db',
    labels: { team: 'storage', env: 'prod', alertname: 'DatabaseDown' },
    annotations: {},
    links: [],
    alertCount: 1,
    flapping: false,
    openedAt: AT,
    lastAlertAt: AT,
    ...overrides,
  };
}

const base = { id: EVENT_ID, incidentId: INCIDENT_ID, version: 1, occurredAt: AT };

/** One event of each type with minimal data. */
export function eventOf(type: IncidentEvent['type']): IncidentEvent {
  switch (type) {
    case 'IncidentTriggered':
      return {
        ...base,
        type,
        data: {
          dedupKey: 'db-down',
          integrationId: 'int-1',
          source: 'alertmanager',
          severity: 'critical',
          summary: 'Database down',
          labels: {},
          annotations: {},
          details: {},
          links: [],
          alertId: ALERT_ID,
        },
      };
    case 'AlertDeduplicated':
      return { ...base, type, data: { alertId: ALERT_ID, summary: 'Database down', details: {} } };
    case 'IncidentSeverityChanged':
      return { ...base, type, data: { from: 'warning', to: 'critical' } };
    case 'IncidentAcknowledged':
      return { ...base, type, data: { by: { kind: 'user', name: 'ana' } } };
    case 'IncidentResolved':
      return { ...base, type, data: { by: { kind: 'system', reason: 'auto' } } };
    case 'IncidentReopened':
      return { ...base, type, data: { alertId: ALERT_ID, severity: 'critical', summary: 'Database down' } };
    case 'IncidentFlapping':
      return { ...base, type, data: { cycles: 4, windowSeconds: 600 } };
    case 'IncidentStabilised':
      return { ...base, type, data: {} };
    case 'IncidentNoteAdded':
      return { ...base, type, data: { author: 'ana', text: 'looking' } };
    case 'IncidentEscalated':
      return { ...base, type, data: { policyId: 'night', episode: 1, round: 1, step: 2, receivers: ['pager', 'lead'] } };
  }
}

export function message(type: IncidentEvent['type'] = 'IncidentTriggered', incident: Partial<IncidentSnapshot> = {}): IncidentEventMessage {
  return { event: eventOf(type), incident: snapshot(incident) };
}
