import { type Severity } from '@herald/contracts';
import { parseWith } from '../core/field-errors.js';
import { compactText } from '../core/maps.js';
import { defineSource } from '../core/source-definition.js';
import { firstText } from '../core/text.js';
import { isoTime } from '../core/time.js';
import { pagerDutyEvent, type PagerDutyEvent } from './pagerduty.schema.js';

/** PagerDuty already speaks Herald's four severities; the map exists so integrations can remap. */
export const PAGERDUTY_SEVERITY_MAP: Readonly<Record<string, Severity>> = {
  critical: 'critical',
  error: 'error',
  warning: 'warning',
  info: 'info',
};

export const pagerdutySource = defineSource<PagerDutyEvent>({
  source: 'pagerduty',
  severityMap: PAGERDUTY_SEVERITY_MAP,
  parse: (body) => parseWith(pagerDutyEvent, body),
  toAlerts: (event, ctx, severity) => {
    const p = event.payload;
    // PagerDuty makes up a key for a trigger without one; ours must survive redelivery,
    // so it derives from the raw envelope id rather than from a clock or random source.
    const dedupKey = event.dedup_key ?? ctx.rawId;
    return {
      drafts: [
        {
          action: event.event_action,
          dedupKey,
          // acknowledge/resolve events may carry no payload; their severity matters least.
          severity: severity(p?.severity, 'info'),
          summary: firstText(p?.summary) ?? `PagerDuty ${event.event_action}: ${dedupKey}`,
          service: firstText(p?.component),
          labels: compactText({ source: p?.source, component: p?.component, group: p?.group, class: p?.class }),
          annotations: {},
          details: { custom_details: p?.custom_details, client: event.client, images: event.images },
          links: [
            ...(event.links ?? []),
            { href: event.client_url, text: firstText(event.client) ?? 'Client' },
          ],
          occurredAt: isoTime(p?.timestamp),
        },
      ],
    };
  },
});
