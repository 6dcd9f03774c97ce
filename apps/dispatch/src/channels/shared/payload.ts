import { type IncidentEvent, type IncidentSnapshot } from '@herald/contracts';
import { type RenderInput } from '../types.js';
import { EVENT_KEYS } from './event-titles.js';
import { incidentUrl } from './links.js';

/** Version of the Herald event payload; bumped only for breaking changes. */
export const HERALD_PAYLOAD_VERSION = 1;

/**
 * The Herald event payload, version 1: what a webhook receives by default and
 * what Splunk indexes. Documented in `webhook/README.md`.
 */
export interface HeraldPayload {
  version: typeof HERALD_PAYLOAD_VERSION;
  /** `incident.triggered`, `incident.severity_changed`, … */
  type: string;
  /** When the event occurred (not when it was sent). */
  timestamp: string;
  event: IncidentEvent;
  incident: IncidentSnapshot & { url?: string };
  receiver: { id: string; name: string };
  /** When Herald received the alert behind this event, for end-to-end latency. */
  alertReceivedAt?: string;
}

export function heraldPayload(input: RenderInput): HeraldPayload {
  const { event, incident, alertReceivedAt } = input.message;
  const url = incidentUrl(input);
  return {
    version: HERALD_PAYLOAD_VERSION,
    type: `incident.${EVENT_KEYS[event.type]}`,
    timestamp: event.occurredAt,
    event,
    incident: url ? { ...incident, url } : { ...incident },
    receiver: { id: input.receiver.id, name: input.receiver.name },
    ...(alertReceivedAt ? { alertReceivedAt } : {}),
  };
}
