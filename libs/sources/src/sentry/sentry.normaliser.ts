import { type AlertAction, type Severity } from '@herald/contracts';
import { parseWith } from '../core/field-errors.js';
import { compactText, isRecord, lookup } from '../core/maps.js';
import { defineSource } from '../core/source-definition.js';
import { type SeverityResolver } from '../core/severity.js';
import { firstText } from '../core/text.js';
import { anyTime, isoTime } from '../core/time.js';
import { type AlertDraft, type ParseResult } from '../core/types.js';
import {
  sentryEventAlert,
  type SentryEventAlert,
  sentryIssueEvent,
  type SentryIssueEvent,
  sentryMetricAlert,
  type SentryMetricAlert,
  type SentryPayload,
} from './sentry.schema.js';

export const SENTRY_SEVERITY_MAP: Readonly<Record<string, Severity>> = {
  // Metric alerts carry their severity in the action: critical, warning, resolved.
  critical: 'critical',
  resolved: 'info',
  fatal: 'critical',
  error: 'error',
  warning: 'warning',
  info: 'info',
  debug: 'info',
};

/**
 * Issue actions. Assigning or ignoring (now "archived") is a person taking the issue
 * in hand, which is what acknowledging means; other actions change nothing.
 */
export const SENTRY_ISSUE_ACTIONS: Readonly<Record<string, AlertAction>> = {
  created: 'trigger',
  unresolved: 'trigger',
  resolved: 'resolve',
  assigned: 'acknowledge',
  ignored: 'acknowledge',
  archived: 'acknowledge',
};

function parseSentry(body: unknown): ParseResult<SentryPayload> {
  // The two webhook kinds differ in what `data` holds; pick the schema by that.
  const data = isRecord(body) && isRecord(body.data) ? body.data : undefined;
  if (data !== undefined && data.event !== undefined) {
    const parsed = parseWith(sentryEventAlert, body);
    return parsed.ok ? { ok: true, value: { kind: 'event-alert', value: parsed.value } } : parsed;
  }
  if (data !== undefined && data.metric_alert !== undefined) {
    const parsed = parseWith(sentryMetricAlert, body);
    return parsed.ok ? { ok: true, value: { kind: 'metric-alert', value: parsed.value } } : parsed;
  }
  const parsed = parseWith(sentryIssueEvent, body);
  return parsed.ok ? { ok: true, value: { kind: 'issue', value: parsed.value } } : parsed;
}

/** The project slug is only in the event's API url: /api/0/projects/<org>/<project>/events/<id>/. */
function projectSlugFromUrl(url: string | null | undefined): string | undefined {
  return /\/projects\/[^/]+\/([^/]+)\/events\//.exec(url ?? '')?.[1];
}

function eventTags(tags: readonly unknown[] | null | undefined): Record<string, string> {
  const pairs: [string, string][] = [];
  for (const tag of tags ?? []) {
    if (Array.isArray(tag) && typeof tag[0] === 'string' && typeof tag[1] === 'string') pairs.push([tag[0], tag[1]]);
  }
  return Object.fromEntries(pairs);
}

function eventAlertDraft({ data }: SentryEventAlert, severity: SeverityResolver): AlertDraft {
  const event = data.event;
  const project = projectSlugFromUrl(event.url) ?? (event.project ?? undefined);
  const tags = eventTags(event.tags);
  return {
    action: 'trigger',
    dedupKey: event.issue_id,
    severity: severity(event.level ?? tags.level, 'error'),
    summary: firstText(event.title, event.message, event.culprit),
    service: project,
    labels: compactText({
      level: event.level,
      project,
      environment: event.environment ?? tags.environment,
      platform: event.platform,
    }),
    annotations: compactText({ culprit: event.culprit, triggered_rule: data.triggered_rule }),
    details: { issueId: event.issue_id, eventId: event.event_id, triggeredRule: data.triggered_rule, tags },
    links: [{ href: event.web_url, text: 'Sentry' }],
    occurredAt: isoTime(event.datetime) ?? anyTime(event.timestamp, 's'),
  };
}

/**
 * A metric alert is one Sentry incident of an alert rule: it opens at warning or critical,
 * moves between them and closes with `resolved`, always under the same incident id.
 */
function metricAlertDraft({ action, data }: SentryMetricAlert, severity: SeverityResolver): AlertDraft {
  const incident = data.metric_alert;
  const rule = incident.alert_rule;
  const projects = incident.projects ?? rule?.projects ?? [];
  const resolved = action === 'resolved';
  return {
    action: resolved ? 'resolve' : 'trigger',
    dedupKey: `metric-alert:${incident.id}`,
    severity: severity(action, 'error'),
    summary: firstText(data.description_title, incident.title, rule?.name),
    service: projects[0],
    labels: compactText({ alert_rule: firstText(rule?.name, incident.title), project: projects.join(','), environment: rule?.environment }),
    annotations: compactText({ description: data.description_text }),
    details: { action, incidentId: incident.id, identifier: incident.identifier, aggregate: rule?.aggregate, query: rule?.query },
    links: [{ href: data.web_url, text: 'Sentry' }],
    occurredAt: resolved ? isoTime(incident.date_closed) : (isoTime(incident.date_detected) ?? isoTime(incident.date_started)),
  };
}

function issueDraft(
  { action, data }: SentryIssueEvent,
  kind: AlertAction,
  severity: SeverityResolver,
): AlertDraft {
  const issue = data.issue;
  const project = firstText(issue.project?.slug, issue.project?.name);
  return {
    action: kind,
    dedupKey: issue.id,
    severity: severity(issue.level, 'error'),
    summary: firstText(issue.title, issue.culprit) ?? `Sentry issue ${issue.shortId ?? issue.id}`,
    service: project,
    labels: compactText({ level: issue.level, project, platform: issue.platform }),
    annotations: compactText({ culprit: issue.culprit }),
    details: { issueId: issue.id, shortId: issue.shortId, status: issue.status, action },
    links: [{ href: firstText(issue.web_url, issue.permalink), text: 'Sentry' }],
    // Only a (re)opened issue says when it happened; other actions happen on receipt.
    occurredAt: kind === 'trigger' ? isoTime(issue.lastSeen) : undefined,
  };
}

export const sentrySource = defineSource<SentryPayload>({
  source: 'sentry',
  severityMap: SENTRY_SEVERITY_MAP,
  parse: parseSentry,
  toAlerts: (payload, _ctx, severity) => {
    if (payload.kind === 'event-alert') return { drafts: [eventAlertDraft(payload.value, severity)] };
    if (payload.kind === 'metric-alert') return { drafts: [metricAlertDraft(payload.value, severity)] };
    const kind = lookup(SENTRY_ISSUE_ACTIONS, payload.value.action);
    return { drafts: kind === undefined ? [] : [issueDraft(payload.value, kind, severity)] };
  },
});
