import { type Severity } from '@herald/contracts';
import { parseWith } from '../core/field-errors.js';
import { compactText, lookup } from '../core/maps.js';
import { defineSource } from '../core/source-definition.js';
import { firstText, idText } from '../core/text.js';
import { anyTime } from '../core/time.js';
import { parseDatadogTitle, titleDedupKey, TRANSITION_ALERT_TYPE } from './datadog-title.js';
import { datadogWebhook, type DatadogWebhook } from './datadog.schema.js';

export const DATADOG_SEVERITY_MAP: Readonly<Record<string, Severity>> = {
  error: 'critical',
  warning: 'warning',
  info: 'info',
  success: 'info',
};

/** `$TAGS` is "env:prod,service:web"; keyed tags become labels, bare tags stay in details. */
export function parseTags(tags: string | string[] | null | undefined): { list: string[]; labels: Record<string, string> } {
  const list = (Array.isArray(tags) ? tags : (tags ?? '').split(','))
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
  const labels: [string, string][] = [];
  for (const tag of list) {
    const colon = tag.indexOf(':');
    if (colon > 0) labels.push([tag.slice(0, colon), tag.slice(colon + 1)]);
  }
  return { list, labels: Object.fromEntries(labels) };
}

const KNOWN = new Set(['title', 'body', 'message', 'tags', 'url', 'link']);

export const datadogSource = defineSource<DatadogWebhook>({
  source: 'datadog',
  severityMap: DATADOG_SEVERITY_MAP,
  parse: (body) => parseWith(datadogWebhook, body),
  toAlerts: (event, _ctx, severity) => {
    const title = parseDatadogTitle(firstText(event.title) ?? '');
    const transition = firstText(event.alert_transition)?.toLowerCase().replace(/^re-/, '') ?? title.transition;
    const alertType = firstText(event.alert_type) ?? (transition === undefined ? undefined : lookup(TRANSITION_ALERT_TYPE, transition));
    const recovered = alertType?.toLowerCase() === 'success' || transition === 'recovered';
    const tags = parseTags(event.tags);
    const message = firstText(event.body, event.message);
    const extra = Object.fromEntries(Object.entries(event).filter(([key]) => !KNOWN.has(key)));
    return {
      drafts: [
        {
          action: recovered ? 'resolve' : 'trigger',
          // The schema guarantees one of these, or the title, is present.
          dedupKey: idText(event.aggregation_key) ?? idText(event.aggreg_key) ?? idText(event.alert_id) ?? titleDedupKey(title),
          severity: severity(alertType, 'warning'),
          summary: firstText(event.title, message),
          service: tags.labels.service,
          labels: {
            ...tags.labels,
            ...compactText({ host: event.hostname, priority: event.priority, alert_id: idText(event.alert_id), event_type: event.event_type }),
          },
          annotations: compactText({ message }),
          details: { ...extra, tags: tags.list },
          links: [{ href: firstText(event.url, event.link), text: 'Datadog' }],
          occurredAt: anyTime(event.date, 'ms') ?? anyTime(event.last_updated, 'ms'),
        },
      ],
    };
  },
});
