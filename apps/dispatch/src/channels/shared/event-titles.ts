import {
  type Actor,
  type IncidentEvent,
  type IncidentEventMessage,
  type IncidentEventType,
} from '@herald/contracts';
import { statusTag } from './severity.js';
import { andMore, takeFirst } from './truncate.js';

/** Human title of each event type, as it heads a notification. */
export const EVENT_TITLES: Readonly<Record<IncidentEventType, string>> = {
  IncidentTriggered: 'Triggered',
  IncidentReopened: 'Reopened',
  IncidentAcknowledged: 'Acknowledged',
  IncidentResolved: 'Resolved',
  IncidentSeverityChanged: 'Severity changed',
  IncidentFlapping: 'Flapping',
  IncidentStabilised: 'Stabilised',
  AlertDeduplicated: 'Deduplicated',
  IncidentNoteAdded: 'Note added',
  IncidentEscalated: 'Escalated',
};

/** Stable machine name of each event type (`incident.<key>` in webhook payloads). */
export const EVENT_KEYS: Readonly<Record<IncidentEventType, string>> = {
  IncidentTriggered: 'triggered',
  IncidentReopened: 'reopened',
  IncidentAcknowledged: 'acknowledged',
  IncidentResolved: 'resolved',
  IncidentSeverityChanged: 'severity_changed',
  IncidentFlapping: 'flapping',
  IncidentStabilised: 'stabilised',
  AlertDeduplicated: 'alert_deduplicated',
  IncidentNoteAdded: 'note_added',
  IncidentEscalated: 'escalated',
};

export interface Fact {
  name: string;
  value: string;
}

/** `[CRITICAL] Triggered: disk full on db-1` */
export function headline(message: IncidentEventMessage): string {
  return `[${statusTag(message.incident)}] ${EVENT_TITLES[message.event.type]}: ${message.incident.summary}`;
}

export function describeActor(actor: Actor): string {
  switch (actor.kind) {
    case 'user':
      return actor.name;
    case 'system':
      return `Herald (${actor.reason})`;
    case 'alert':
      return `alert ${actor.alertId}`;
  }
}

/** The standing facts every channel shows: severity, service, status, alert count. */
export function incidentFacts(message: IncidentEventMessage): Fact[] {
  const { incident } = message;
  return [
    { name: 'Severity', value: incident.severity },
    { name: 'Service', value: incident.service ?? '—' },
    { name: 'Status', value: incident.flapping ? `${incident.status} (flapping)` : incident.status },
    { name: 'Alerts', value: String(incident.alertCount) },
  ];
}

/** What this particular event adds to the standing facts. */
export function eventFacts(event: IncidentEvent): Fact[] {
  switch (event.type) {
    case 'IncidentTriggered':
      return event.data.endsAt ? [{ name: 'Ends at', value: event.data.endsAt }] : [];
    case 'AlertDeduplicated':
      return [{ name: 'Latest alert', value: event.data.summary }];
    case 'IncidentSeverityChanged':
      return [{ name: 'Severity change', value: `${event.data.from} → ${event.data.to}` }];
    case 'IncidentAcknowledged':
      return [{ name: 'Acknowledged by', value: describeActor(event.data.by) }];
    case 'IncidentResolved':
      return [{ name: 'Resolved by', value: describeActor(event.data.by) }];
    case 'IncidentReopened':
      return [{ name: 'Reopened by', value: event.data.summary }];
    case 'IncidentFlapping':
      return [
        {
          name: 'Flapping',
          value: `${event.data.cycles} state changes in ${event.data.windowSeconds}s`,
        },
      ];
    case 'IncidentStabilised':
      return [{ name: 'Flapping', value: 'stopped' }];
    case 'IncidentNoteAdded':
      return [{ name: `Note by ${event.data.author}`, value: event.data.text }];
    case 'IncidentEscalated':
      return [{ name: 'Escalation', value: `step ${event.data.step} of policy ${event.data.policyId} (pass ${event.data.round}): not acknowledged in time` }];
  }
}

/** Detail keys whose array value lists the affected things, in order of preference. */
const ITEM_KEYS = ['affected', 'affectedItems', 'items', 'targets', 'hosts', 'resources'];

function itemText(item: unknown): string {
  if (typeof item === 'string') return item;
  if (typeof item === 'number' || typeof item === 'boolean') return String(item);
  if (item !== null && typeof item === 'object') {
    const record = item as Record<string, unknown>;
    for (const key of ['name', 'id', 'host', 'instance']) {
      const value = record[key];
      if (typeof value === 'string' || typeof value === 'number') return String(value);
    }
  }
  return JSON.stringify(item) ?? String(item);
}

function detailItems(event: IncidentEvent): unknown[] | undefined {
  if (event.type !== 'IncidentTriggered' && event.type !== 'AlertDeduplicated') return undefined;
  const details = event.data.details;
  for (const key of ITEM_KEYS) {
    const value = details[key];
    if (Array.isArray(value) && value.length > 0) return value as unknown[];
  }
  const isList = (value: unknown): value is unknown[] => Array.isArray(value) && value.length > 0;
  return Object.values(details).find(isList);
}

/**
 * What the incident affects: the event's details array when there is one
 * (`affected`, `items`, … or else the first array in the details), otherwise
 * the labels as `key=value` sorted by key. The first `max`, and how many more.
 */
export function affectedItems(
  message: IncidentEventMessage,
  max = 5,
): { items: string[]; more: number; moreText: string } {
  const fromDetails = detailItems(message.event);
  const all = fromDetails
    ? fromDetails.map(itemText)
    : Object.entries(message.incident.labels)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, value]) => `${key}=${value}`);
  const { items, more } = takeFirst(all, max);
  return { items, more, moreText: andMore(more) };
}
