import { EVENT_KEYS } from '../shared/event-titles.js';
import { jsonPost, jsonRequest } from '../shared/http.js';
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

/**
 * One HEC event: `time` (epoch seconds, millisecond precision, when the event
 * occurred), `event` (the Herald payload) and a few indexed `fields` for fast search.
 */
export function hecEvent(input: RenderInput, config: SplunkConfig): object {
  const { event, incident } = input.message;
  return {
    time: Date.parse(event.occurredAt) / 1000,
    ...(config.host ? { host: config.host } : {}),
    source: config.source,
    sourcetype: config.sourcetype,
    ...(config.index ? { index: config.index } : {}),
    event: heraldPayload(input),
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
