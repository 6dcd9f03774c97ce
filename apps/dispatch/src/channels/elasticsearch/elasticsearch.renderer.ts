import { createHash } from 'node:crypto';
import { type IncidentEventType, type NotificationGroup, type Severity } from '@herald/contracts';
import { authHeaders } from '../shared/auth.js';
import { EVENT_KEYS, headline } from '../shared/event-titles.js';
import { groupedIncidentUrl, groupStatus, groupTitle, leadIncident } from '../shared/group-text.js';
import { joinUrl, jsonPost, lowerCaseHeaders } from '../shared/http.js';
import { incidentUrl } from '../shared/links.js';
import { type ChannelRenderer, type RenderInput, type RenderedRequest } from '../types.js';
import { ElasticsearchConfig } from './elasticsearch.config.js';

export const ECS_VERSION = '8.11.0';

/**
 * `event.severity` is source-defined in ECS; Herald uses syslog severity codes
 * (lower is more severe), the convention most SIEM dashboards already know.
 */
export const ECS_SEVERITY: Readonly<Record<Severity, number>> = { critical: 2, error: 3, warning: 4, info: 6 };

/** ECS `labels` are flat keywords; a dot in a key would become an object path. */
export function ecsLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels)) {
    Object.defineProperty(out, key.replace(/[.\s]/g, '_'), { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * ECS `event.type` of each incident event: an incident opening is `start`, its end `end`, and
 * everything between a `change` to it (ECS allows only its own list of values here).
 */
export const ECS_EVENT_TYPES: Readonly<Record<IncidentEventType, readonly string[]>> = {
  IncidentTriggered: ['start'],
  IncidentReopened: ['start'],
  IncidentResolved: ['end'],
  IncidentAcknowledged: ['change'],
  IncidentSeverityChanged: ['change'],
  IncidentFlapping: ['change'],
  IncidentStabilised: ['change'],
  AlertDeduplicated: ['info'],
  IncidentNoteAdded: ['info'],
  IncidentEscalated: ['change'],
};

/**
 * `<event id>.<receiver id>`, or for a group notification `group-<digest of its key>.<sequence>.<receiver id>`:
 * a retried delivery overwrites its own document.
 */
export function documentId(input: RenderInput): string {
  if (input.group) return `group-${createHash('sha256').update(input.group.key).digest('hex').slice(0, 40)}.${input.group.sequence}.${input.receiver.id}`;
  return `${input.message.event.id}.${input.receiver.id}`;
}

/** A group notification as one ECS document: the group's title, labels and counts, and its incidents under `herald.group`. */
function ecsGroupDocument(input: RenderInput, group: NotificationGroup, category: readonly string[]): object {
  const lead = leadIncident(group);
  const status = groupStatus(group);
  return {
    '@timestamp': input.now,
    ecs: { version: ECS_VERSION },
    message: groupTitle(group),
    event: {
      kind: 'alert',
      category: [...category],
      type: ['info'],
      action: 'group-notification',
      created: input.now,
      ...(lead && status === 'firing' ? { severity: ECS_SEVERITY[lead.incident.severity] } : {}),
      dataset: 'herald.group',
      module: 'herald',
    },
    labels: ecsLabels(group.labels),
    tags: ['herald', 'group', status],
    observer: { vendor: 'Herald', product: 'Herald', type: 'alerting' },
    herald: {
      group: {
        key: group.key,
        reason: group.reason,
        sequence: group.sequence,
        status,
        firing: group.firingCount,
        resolved: group.resolvedCount,
        truncated: group.truncated,
        incidents: group.incidents.map((item) => {
          const url = groupedIncidentUrl(input, item);
          return { id: item.incident.id, status: item.status, severity: item.incident.severity, summary: item.incident.summary, ...(url ? { url } : {}) };
        }),
      },
      receiver: { id: input.receiver.id, name: input.receiver.name },
    },
  };
}

export function ecsDocument(input: RenderInput, category: readonly string[] = ['host']): object {
  if (input.group) return ecsGroupDocument(input, input.group, category);
  const { event, incident } = input.message;
  const url = incidentUrl(input);
  const { details, ...data } = 'details' in event.data ? event.data : { ...event.data, details: undefined };
  const end = incident.status === 'resolved' ? incident.resolvedAt : undefined;
  return {
    '@timestamp': event.occurredAt,
    ecs: { version: ECS_VERSION },
    message: headline(input.message),
    event: {
      kind: 'alert',
      category: [...category],
      type: [...ECS_EVENT_TYPES[event.type]],
      action: `incident-${EVENT_KEYS[event.type].replace(/_/g, '-')}`,
      id: event.id,
      created: input.now,
      severity: ECS_SEVERITY[incident.severity],
      dataset: 'herald.incident',
      module: 'herald',
      provider: incident.source,
      start: incident.openedAt,
      ...(end ? { end, duration: (Date.parse(end) - Date.parse(incident.openedAt)) * 1e6 } : {}),
      ...(url ? { url } : {}),
    },
    log: { level: incident.severity },
    labels: ecsLabels(incident.labels),
    tags: ['herald', incident.status],
    ...(incident.service ? { service: { name: incident.service } } : {}),
    rule: { id: incident.dedupKey, name: incident.labels.alertname ?? incident.summary, ruleset: incident.integrationId },
    observer: { vendor: 'Herald', product: 'Herald', type: 'alerting' },
    ...(url ? { url: { full: url } } : {}),
    herald: {
      incident: {
        id: incident.id,
        status: incident.status,
        severity: incident.severity,
        summary: incident.summary,
        alert_count: incident.alertCount,
        flapping: incident.flapping,
        opened_at: incident.openedAt,
        ...(incident.acknowledgedAt ? { acknowledged_at: incident.acknowledgedAt } : {}),
        ...(incident.resolvedAt ? { resolved_at: incident.resolvedAt } : {}),
      },
      event: {
        type: event.type,
        version: event.version,
        data,
        // Arbitrary source details as one string, so they cannot explode the mapping.
        ...(details !== undefined ? { details: JSON.stringify(details) } : {}),
      },
      receiver: { id: input.receiver.id, name: input.receiver.name },
      ...(input.message.alertReceivedAt ? { alert_received_at: input.message.alertReceivedAt } : {}),
    },
  };
}

/** The cluster URL and the index a URL names, when it ends in `/<index>/_doc` (seed 004's form). */
export function splitIndexUrl(raw: string): { base: string; index?: string } {
  const url = new URL(raw);
  const match = /^(.*)\/([^/_][^/]*)\/_doc\/?$/.exec(url.pathname);
  if (!match) return { base: raw };
  url.pathname = match[1] || '/';
  return { base: url.toString(), index: decodeURIComponent(match[2]!) };
}

export function elasticsearchUrl(input: RenderInput, config: ElasticsearchConfig): string {
  const { base, index } = splitIndexUrl(config.url);
  const url = new URL(joinUrl(base, index ?? config.index, '_doc', documentId(input)));
  if (config.pipeline) url.searchParams.set('pipeline', config.pipeline);
  return url.toString();
}

/** The `_bulk` endpoint beside the configured base URL (with the ingest pipeline, when set). */
export function bulkUrl(config: ElasticsearchConfig): string {
  const url = new URL(joinUrl(config.url, '_bulk'));
  if (config.pipeline) url.searchParams.set('pipeline', config.pipeline);
  return url.toString();
}

const esAuth = (config: ElasticsearchConfig): Record<string, string> =>
  config.apiKey ? { authorization: `ApiKey ${config.apiKey}` } : authHeaders(config.auth);

export const elasticsearchRenderer: ChannelRenderer<ElasticsearchConfig> = {
  channel: 'elasticsearch',
  config: ElasticsearchConfig,
  secretUrl: false,
  render(input, config): RenderedRequest {
    return jsonPost(elasticsearchUrl(input, config), ecsDocument(input, config.eventCategory), esAuth(config));
  },
  /**
   * A `_bulk` request: an `index` action per document, with the id one event at a time would
   * have used, so a batch sent again overwrites instead of duplicating. Elasticsearch answers
   * 200 even when items fail; the sender reads `"errors":true` as a failed batch.
   */
  renderBatch(inputs, config): RenderedRequest {
    const lines = inputs.flatMap((input) => [
      JSON.stringify({ index: { _index: config.index, _id: documentId(input) } }),
      JSON.stringify(ecsDocument(input, config.eventCategory)),
    ]);
    return {
      kind: 'http',
      method: 'POST',
      url: bulkUrl(config),
      headers: { ...lowerCaseHeaders(esAuth(config)), 'content-type': 'application/x-ndjson' },
      body: `${lines.join('\n')}\n`,
    };
  },
};
