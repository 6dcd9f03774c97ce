import { EVENT_KEYS } from '../shared/event-titles.js';
import { jsonPost, jsonRequest } from '../shared/http.js';
import { heraldGroupPayload } from '../shared/group-payload.js';
import { heraldPayload } from '../shared/payload.js';
import { type ChannelRenderer, type RenderInput, type RenderedRequest } from '../types.js';
import { SplunkConfig } from './splunk.config.js';

export const HEC_EVENT_PATH = '/services/collector/event';

/** The configured URL, with the HEC event path added when it has no path of its own. */
export function hecEndpoint(base: string): string {
  const url = new URL(base);
  if (url.pathname === '/' || url.pathname === '') url.pathname = HEC_EVENT_PATH;
  return url.toString();
}

/** Seed 004's flat event: the event's type, severity and time, then the incident's fields beside them. */
export function flatEvent(input: RenderInput): Record<string, unknown> {
  const payload = heraldPayload(input);
  const { incident } = payload;
  return {
    event_type: payload.type,
    severity: incident.severity,
    timestamp: payload.timestamp,
    incident_id: incident.id,
    status: incident.status,
    summary: incident.summary,
    source: incident.source,
    ...(incident.service ? { service: incident.service } : {}),
    dedup_key: incident.dedupKey,
    alert_count: incident.alertCount,
    opened_at: incident.openedAt,
    ...(incident.url ? { url: incident.url } : {}),
    labels: incident.labels,
    receiver: payload.receiver.name,
  };
}

/**
 * One HEC event: `time` (epoch seconds, millisecond precision, when the event
 * occurred), `event` (the Herald payload, or seed 004's flat object) and a few indexed
 * `fields` for fast search.
 */
export function hecEvent(input: RenderInput, config: SplunkConfig): object {
  const { event, incident } = input.message;
  return {
    time: Date.parse(event.occurredAt) / 1000,
    ...(config.host ? { host: config.host } : {}),
    source: config.source,
    sourcetype: config.sourcetype.replaceAll('{event}', EVENT_KEYS[event.type]),
    ...(config.index ? { index: config.index } : {}),
    // A group notification is indexed as the group payload (version 2) whatever the format: a flat object is one incident.
    event: input.group ? heraldGroupPayload(input, input.group) : config.eventFormat === 'flat' ? flatEvent(input) : heraldPayload(input),
    fields: {
      herald_event: EVENT_KEYS[event.type],
      herald_severity: incident.severity,
      herald_status: incident.status,
      herald_incident_id: incident.id,
      ...(incident.service ? { herald_service: incident.service } : {}),
    },
  };
}

function hecHeaders(config: SplunkConfig): Record<string, string> {
  return { authorization: `Splunk ${config.token}`, ...(config.channel ? { 'x-splunk-request-channel': config.channel } : {}) };
}

export const splunkRenderer: ChannelRenderer<SplunkConfig> = {
  channel: 'splunk',
  config: SplunkConfig,
  secretUrl: false,
  render(input, config): RenderedRequest {
    return jsonPost(hecEndpoint(config.url), hecEvent(input, config), hecHeaders(config));
  },
  /** HEC takes several events in one request, one JSON object after another (newline-separated here). */
  renderBatch(inputs, config): RenderedRequest {
    return jsonRequest(hecEndpoint(config.url), inputs.map((input) => JSON.stringify(hecEvent(input, config))).join('\n'), hecHeaders(config));
  },
};
