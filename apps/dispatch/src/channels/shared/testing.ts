import {
  type IncidentEvent,
  IncidentEventMessage,
  type IncidentEventType,
  type IncidentSnapshot,
} from '@herald/contracts';
import { type RenderInput, type SigningContext } from '../types.js';

/** Fixtures for channel specs: valid per the contracts, overridable per case. */
export const INCIDENT_ID = '6f9619ff-8b86-4d01-b42d-00cf4fc964ff';
export const EVENT_ID = '0b4b7b2e-8d0a-4a3c-9a57-3f1f4b6a9d11';
export const ALERT_ID = '3c6e0b8a-9c0b-4b5e-8f1a-2a9c1d7e5f42';
export const NOW = '2026-03-01T12:00:05.000Z';
export const OCCURRED_AT = '2026-03-01T12:00:00.000Z';
export const SIGNING: SigningContext = { messageId: `${EVENT_ID}.ops-hook`, timestamp: 1_772_366_405 };

export function snapshot(overrides: Partial<IncidentSnapshot> = {}): IncidentSnapshot {
  return {
    id: INCIDENT_ID,
    dedupKey: 'alertmanager:disk-full:db-1',
    integrationId: 'prod-alertmanager',
    source: 'alertmanager',
    status: 'triggered',
    severity: 'critical',
    summary: 'Disk almost full on db-1',
    service: 'postgres',
    labels: { alertname: 'DiskFull', instance: 'db-1:9100', job: 'node', team: 'storage' },
    annotations: { runbook: 'https://runbooks.example.com/disk-full' },
    links: [{ href: 'https://grafana.example.com/d/disk', text: 'Dashboard' }],
    alertCount: 3,
    flapping: false,
    openedAt: '2026-03-01T11:50:00.000Z',
    lastAlertAt: OCCURRED_AT,
    ...overrides,
  };
}

type DataOf<T extends IncidentEventType> = Extract<IncidentEvent, { type: T }>['data'];

export const EVENT_DATA: { [T in IncidentEventType]: DataOf<T> } = {
  IncidentTriggered: {
    dedupKey: 'alertmanager:disk-full:db-1',
    integrationId: 'prod-alertmanager',
    source: 'alertmanager',
    severity: 'critical',
    summary: 'Disk almost full on db-1',
    service: 'postgres',
    labels: { alertname: 'DiskFull', instance: 'db-1:9100' },
    annotations: {},
    details: {},
    links: [],
    alertId: ALERT_ID,
  },
  AlertDeduplicated: { alertId: ALERT_ID, summary: 'Disk 97% full on db-1', details: {} },
  IncidentSeverityChanged: { from: 'warning', to: 'critical' },
  IncidentAcknowledged: { by: { kind: 'user', name: 'Ada Lovelace' } },
  IncidentResolved: { by: { kind: 'system', reason: 'alert resolved at source' } },
  IncidentReopened: { alertId: ALERT_ID, severity: 'critical', summary: 'Disk almost full on db-1' },
  IncidentFlapping: { cycles: 6, windowSeconds: 600 },
  IncidentStabilised: {},
  IncidentNoteAdded: { author: 'Grace Hopper', text: 'Expanding the volume now.' },
  IncidentEscalated: { policyId: 'storage-night', episode: 1, round: 1, step: 2, receivers: ['storage-pager'] },
};

/** Status the incident plausibly has after each event type. */
export const STATUS_AFTER: { [T in IncidentEventType]: IncidentSnapshot['status'] } = {
  IncidentTriggered: 'triggered',
  AlertDeduplicated: 'triggered',
  IncidentSeverityChanged: 'triggered',
  IncidentAcknowledged: 'acknowledged',
  IncidentResolved: 'resolved',
  IncidentReopened: 'triggered',
  IncidentFlapping: 'triggered',
  IncidentStabilised: 'triggered',
  IncidentNoteAdded: 'acknowledged',
  IncidentEscalated: 'triggered',
};

export const EVENT_TYPES = Object.keys(EVENT_DATA) as IncidentEventType[];

export function event<T extends IncidentEventType>(type: T, data?: Partial<DataOf<T>>): IncidentEvent {
  return {
    id: EVENT_ID,
    incidentId: INCIDENT_ID,
    version: type === 'IncidentTriggered' ? 1 : 4,
    occurredAt: OCCURRED_AT,
    type,
    data: { ...EVENT_DATA[type], ...data },
  } as IncidentEvent;
}

export interface InputOptions<T extends IncidentEventType> {
  data?: Partial<DataOf<T>>;
  incident?: Partial<IncidentSnapshot>;
  heraldUrl?: string | null;
}

/** A render input for one event type, validated against the contract. */
export function renderInput<T extends IncidentEventType>(type: T, options: InputOptions<T> = {}): RenderInput {
  const message = IncidentEventMessage.parse({
    event: event(type, options.data),
    incident: snapshot({ status: STATUS_AFTER[type], ...options.incident }),
    alertReceivedAt: '2026-03-01T11:59:59.500Z',
  });
  const heraldUrl = options.heraldUrl === undefined ? 'https://herald.example.com' : options.heraldUrl;
  return {
    message,
    receiver: { id: 'ops-hook', name: 'Ops on-call' },
    now: NOW,
    ...(heraldUrl === null ? {} : { heraldUrl }),
  };
}

/** Many labels, long texts, hostile characters: the worst a renderer must survive. */
export function hugeInput(type: IncidentEventType = 'IncidentNoteAdded'): RenderInput {
  const labels: Record<string, string> = {};
  for (let i = 0; i < 300; i++) labels[`label_${String(i).padStart(3, '0')}`] = `value-${'x'.repeat(200)}-${i}`;
  const links = Array.from({ length: 60 }, (_, i) => ({
    href: `https://example.com/${i}/${'p'.repeat(100)}`,
    text: `Link ${i} ${'t'.repeat(120)}`,
  }));
  const hostile = '<!channel> @everyone & "quotes" \\ </script><img src=x onerror=alert(1)> 🔥';
  return renderInput(type, {
    data: { text: `${hostile} ${'n'.repeat(10_000 - hostile.length - 1)}`, author: 'a'.repeat(200) } as never,
    incident: {
      summary: `${hostile} ${'s'.repeat(1024 - hostile.length - 1)}`,
      service: 'v'.repeat(255),
      labels,
      annotations: { description: 'd'.repeat(20_000) },
      links,
      alertCount: 123_456,
    },
  });
}
