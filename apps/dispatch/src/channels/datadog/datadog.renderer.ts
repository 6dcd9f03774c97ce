import { createHash } from 'node:crypto';
import { type IncidentSnapshot, type NotificationGroup } from '@herald/contracts';
import { affectedItems, EVENT_KEYS, eventFacts, headline, incidentFacts } from '../shared/event-titles.js';
import { groupedIncidentLine, groupedIncidentUrl, groupFacts, groupStatus, groupTitle, leadIncident, listedIncidents } from '../shared/group-text.js';
import { jsonPost } from '../shared/http.js';
import { safeLinks } from '../shared/links.js';
import { truncate } from '../shared/truncate.js';
import { type ChannelRenderer, type RenderInput, type RenderedRequest } from '../types.js';
import { DatadogConfig } from './datadog.config.js';

/** Events API v1 limits (docs.datadoghq.com/api/latest/events/#post-an-event). */
export const DATADOG_LIMITS = {
  title: 100,
  text: 4000,
  aggregationKey: 100,
  tag: 200,
  tags: 100,
  /** `date_happened` may be at most 18 hours in the past. */
  maxAgeSeconds: 18 * 3600,
} as const;

export type DatadogAlertType = 'error' | 'warning' | 'info' | 'success';

/** Resolved is success; otherwise critical and error are errors, the rest as named. */
export function alertType(incident: Pick<IncidentSnapshot, 'status' | 'severity'>): DatadogAlertType {
  if (incident.status === 'resolved') return 'success';
  switch (incident.severity) {
    case 'critical':
    case 'error':
      return 'error';
    case 'warning':
      return 'warning';
    case 'info':
      return 'info';
  }
}

/** Datadog tag rules: lower case, starting with a letter, `[a-z0-9_\-:./]`, at most 200. */
export function normaliseTag(tag: string): string | undefined {
  const cleaned = tag
    .toLowerCase()
    .replace(/[^a-z0-9_\-:./]/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/[_:]+$/, '');
  const short = cleaned.slice(0, DATADOG_LIMITS.tag);
  return short === '' ? undefined : short;
}

function tagsOf(input: RenderInput, config: DatadogConfig): string[] {
  const { incident, event } = input.message;
  const raw = [
    'source:herald',
    `severity:${incident.severity}`,
    `status:${incident.status}`,
    `herald_event:${EVENT_KEYS[event.type]}`,
    `herald_source:${incident.source}`,
    ...(incident.service ? [`service:${incident.service}`] : []),
    ...config.tags,
    ...(config.labelTags ? Object.entries(incident.labels).map(([k, v]) => `${k}:${v}`) : []),
  ];
  const tags = raw.map(normaliseTag).filter((t): t is string => t !== undefined);
  return [...new Set(tags)].slice(0, DATADOG_LIMITS.tags);
}

/** Markdown body inside `%%%` fences; the whole text, fences included, is at most 4000. */
function textOf(input: RenderInput): string {
  const { message } = input;
  const { items, moreText } = affectedItems(message);
  const lines = [
    ...[...incidentFacts(message), ...eventFacts(message.event)].map((f) => `**${f.name}:** ${truncate(f.value, 1000)}`),
    ...(items.length > 0 ? ['', '**Affected items**', ...items.map((i) => `- ${truncate(i, 200)}`)] : []),
    ...(moreText ? [moreText] : []),
    ...safeLinks(input, 5).map((l) => `[${truncate(l.text, 100).replace(/[[\]]/g, '')}](${l.href})`),
  ];
  const open = '%%% \n';
  const close = '\n %%%';
  return open + truncate(lines.join('\n'), DATADOG_LIMITS.text - open.length - close.length) + close;
}

/** A group's key is long and free-form; its aggregation key (100 at most) is a digest of it. */
export function groupAggregationKey(group: NotificationGroup): string {
  return `group-${createHash('sha256').update(group.key).digest('hex').slice(0, 40)}`;
}

/** A group notification: its title, counts and reason, and a line per incident (linked when Herald's URL is known). */
function groupEvent(input: RenderInput, group: NotificationGroup, config: DatadogConfig): object {
  const { items, more } = listedIncidents(group, 30);
  const lines = [
    ...groupFacts(group).map((f) => `**${f.name}:** ${f.value}`),
    '',
    ...items.map((item) => {
      const line = truncate(groupedIncidentLine(item), 200).replace(/[[\]]/g, '');
      const url = groupedIncidentUrl(input, item);
      return url ? `- [${line}](${url})` : `- ${line}`;
    }),
    ...(more ? [more] : []),
  ];
  const open = '%%% \n';
  const close = '\n %%%';
  const lead = leadIncident(group);
  const firing = groupStatus(group) === 'firing';
  const labels = config.labelTags ? Object.entries(group.labels).map(([k, v]) => `${k}:${v}`) : [];
  const tags = ['source:herald', 'herald_event:group', `status:${groupStatus(group)}`, ...config.tags, ...labels]
    .map(normaliseTag)
    .filter((t): t is string => t !== undefined);
  return {
    title: truncate(groupTitle(group), DATADOG_LIMITS.title),
    text: open + truncate(lines.join('\n'), DATADOG_LIMITS.text - open.length - close.length) + close,
    alert_type: firing && lead ? alertType({ status: 'triggered', severity: lead.incident.severity }) : 'success',
    priority: config.priority,
    aggregation_key: groupAggregationKey(group),
    source_type_name: 'herald',
    date_happened: Math.floor(Date.parse(input.now) / 1000),
    tags: [...new Set(tags)].slice(0, DATADOG_LIMITS.tags),
  };
}

export function datadogEvent(input: RenderInput, config: DatadogConfig): object {
  if (input.group) return groupEvent(input, input.group, config);
  const { incident, event } = input.message;
  const occurred = Math.floor(Date.parse(event.occurredAt) / 1000);
  const now = Math.floor(Date.parse(input.now) / 1000);
  return {
    title: truncate(headline(input.message), DATADOG_LIMITS.title),
    text: textOf(input),
    alert_type: alertType(incident),
    priority: config.priority,
    aggregation_key: truncate(incident.id, DATADOG_LIMITS.aggregationKey, ''),
    source_type_name: 'herald',
    // A late retry would be refused for an old date; then it is dated when sent.
    date_happened: now - occurred > DATADOG_LIMITS.maxAgeSeconds ? now : occurred,
    tags: tagsOf(input, config),
  };
}

export function datadogUrl(config: DatadogConfig): string {
  return config.url ?? `https://api.${config.site}/api/v1/events`;
}

export function datadogLogsUrl(config: DatadogConfig): string {
  return config.logsUrl ?? `https://http-intake.logs.${config.site}/api/v2/logs`;
}

/** Log status from the incident: resolved is ok, otherwise the severity's. */
const LOG_STATUS: Record<DatadogAlertType, string> = { error: 'error', warning: 'warn', info: 'info', success: 'ok' };

/**
 * One notification as a Datadog log entry (Logs intake v2): the event's title as the message,
 * its text and Herald's incident and event as attributes, the event's tags as `ddtags`.
 */
export function datadogLogEntry(input: RenderInput, config: DatadogConfig): object {
  const event = datadogEvent(input, config) as { title: string; text: string; alert_type: DatadogAlertType; tags: string[]; aggregation_key: string };
  const { incident, event: incidentEvent } = input.message;
  const { group } = input;
  return {
    ddsource: 'herald',
    service: group ? 'herald' : (incident.service ?? 'herald'),
    ddtags: event.tags.join(','),
    status: LOG_STATUS[event.alert_type],
    message: event.title,
    title: event.title,
    text: event.text,
    aggregation_key: event.aggregation_key,
    herald: group
      ? {
          group: { key: group.key, reason: group.reason, sequence: group.sequence, status: groupStatus(group), firing: group.firingCount, resolved: group.resolvedCount },
          incidents: group.incidents.map((i) => ({ id: i.incident.id, status: i.status, severity: i.incident.severity, summary: i.incident.summary })),
        }
      : {
          event: { type: EVENT_KEYS[incidentEvent.type], id: incidentEvent.id, occurred_at: incidentEvent.occurredAt },
          incident: { id: incident.id, status: incident.status, severity: incident.severity, summary: incident.summary },
        },
  };
}

export const datadogRenderer: ChannelRenderer<DatadogConfig> = {
  channel: 'datadog',
  config: DatadogConfig,
  secretUrl: false,
  render(input, config): RenderedRequest {
    return jsonPost(datadogUrl(config), datadogEvent(input, config), { 'dd-api-key': config.apiKey });
  },
  /** The Events API takes one event per request: a batch goes to the Logs intake as an array of entries. */
  renderBatch(inputs, config): RenderedRequest {
    return jsonPost(
      datadogLogsUrl(config),
      inputs.map((input) => datadogLogEntry(input, config)),
      { 'dd-api-key': config.apiKey },
    );
  },
};
