import { createHash } from 'node:crypto';
import { type IncidentEventMessage, type NotificationGroup } from '@herald/contracts';
import { groupedIncidentLine, groupTitle, leadIncident } from '../shared/group-text.js';
import { EVENT_KEYS } from '../shared/event-titles.js';
import { jsonRequest } from '../shared/http.js';
import { incidentUrl, safeLinks } from '../shared/links.js';
import { fitBody } from '../shared/size.js';
import { truncate } from '../shared/truncate.js';
import { type ChannelRenderer, type RenderInput, type RenderedRequest } from '../types.js';
import { PagerDutyConfig } from './pagerduty.config.js';

/** Events API v2 limits (developer.pagerduty.com, "Send an Alert Event"). */
export const PAGERDUTY_LIMITS = {
  summary: 1024,
  dedupKey: 255,
  /** Whole request. */
  bodyBytes: 512 * 1024,
  /** Not documented as limits; kept short so the PagerDuty UI stays legible. */
  field: 255,
  links: 10,
} as const;

export type PagerDutyAction = 'trigger' | 'acknowledge' | 'resolve';

/**
 * Acknowledge and resolve map to themselves, trigger and reopen to trigger.
 * Every other event restates the incident's current status, so a note on a
 * resolved incident can never re-open the PagerDuty alert.
 */
export function pagerDutyAction(message: IncidentEventMessage): PagerDutyAction {
  switch (message.event.type) {
    case 'IncidentTriggered':
    case 'IncidentReopened':
      return 'trigger';
    case 'IncidentAcknowledged':
      return 'acknowledge';
    case 'IncidentResolved':
      return 'resolve';
    default:
      return message.incident.status === 'triggered'
        ? 'trigger'
        : message.incident.status === 'acknowledged'
          ? 'acknowledge'
          : 'resolve';
  }
}

const short = (text: string | undefined): string | undefined =>
  text === undefined || text === '' ? undefined : truncate(text, PAGERDUTY_LIMITS.field);

function clampValues(map: Readonly<Record<string, string>>, max: number): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [truncate(k, 256), truncate(v, max)]));
}

/**
 * A group notification: one PagerDuty alert per group (dedup key from the group key and the
 * receiver, as Alertmanager keys its PagerDuty events by group), triggered while any incident
 * fires and resolved when none does.
 */
export function pagerDutyGroupEvent(input: RenderInput, group: NotificationGroup, config: PagerDutyConfig, textBudget = 4000): object {
  const dedupKey = `herald-group-${createHash('sha256').update(`${group.key}\u0000${input.receiver.id}`).digest('hex')}`;
  if (group.firingCount === 0) return { routing_key: config.routingKey, event_action: 'resolve', dedup_key: dedupKey };
  const lead = leadIncident(group)?.incident ?? input.message.incident;
  const each = Math.max(20, Math.floor(textBudget / 20));
  return {
    routing_key: config.routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: {
      summary: truncate(groupTitle(group), PAGERDUTY_LIMITS.summary),
      source: short(config.source ?? lead.labels.instance ?? lead.service ?? lead.integrationId),
      severity: lead.severity,
      timestamp: input.now,
      group: short(Object.values(group.labels).join(' ') || undefined),
      class: short(lead.labels.alertname ?? lead.source),
      custom_details: {
        notification_reason: group.reason,
        firing: group.firingCount,
        resolved: group.resolvedCount,
        group_labels: clampValues(group.labels, textBudget),
        incidents: group.incidents.slice(0, 20).map((item) => truncate(groupedIncidentLine(item), each)),
      },
    },
    client: 'Herald',
  };
}

export function pagerDutyEvent(input: RenderInput, config: PagerDutyConfig, textBudget = 4000): object {
  if (input.group) return pagerDutyGroupEvent(input, input.group, config, textBudget);
  const { incident, event } = input.message;
  const action = pagerDutyAction(input.message);
  const base = {
    routing_key: config.routingKey,
    event_action: action,
    dedup_key: truncate(incident.id, PAGERDUTY_LIMITS.dedupKey, ''),
  };
  if (action !== 'trigger') return base;
  const labels = incident.labels;
  const url = incidentUrl(input);
  return {
    ...base,
    payload: {
      summary: truncate(incident.summary, PAGERDUTY_LIMITS.summary),
      source: short(config.source ?? labels.instance ?? labels.host ?? incident.service ?? incident.integrationId),
      severity: incident.severity,
      timestamp: event.occurredAt,
      component: short(incident.service ?? labels.service),
      group: short(labels.group ?? labels.job ?? labels.namespace),
      class: short(labels.alertname ?? incident.source),
      custom_details: {
        event_type: EVENT_KEYS[event.type],
        status: incident.status,
        alert_count: incident.alertCount,
        flapping: incident.flapping,
        opened_at: incident.openedAt,
        herald_incident_id: incident.id,
        labels: clampValues(labels, textBudget),
        annotations: clampValues(incident.annotations, textBudget),
      },
    },
    client: 'Herald',
    ...(url ? { client_url: url } : {}),
    links: safeLinks(input, PAGERDUTY_LIMITS.links),
  };
}

export const pagerDutyRenderer: ChannelRenderer<PagerDutyConfig> = {
  channel: 'pagerduty',
  config: PagerDutyConfig,
  secretUrl: false,
  render(input, config): RenderedRequest {
    const body = fitBody(
      (budget) => JSON.stringify(pagerDutyEvent(input, config, budget)),
      PAGERDUTY_LIMITS.bodyBytes,
      [4000, 1000, 200, 50, 0],
    );
    return jsonRequest(config.url, body);
  },
};
