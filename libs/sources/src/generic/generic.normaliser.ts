import { type Severity } from '@herald/contracts';
import { parseWith } from '../core/field-errors.js';
import { toStringMap } from '../core/maps.js';
import { defineSource } from '../core/source-definition.js';
import { firstText } from '../core/text.js';
import { isoTime } from '../core/time.js';
import { genericAlert, type GenericAlert } from './generic.schema.js';

/** The format already uses Herald's severities; the map exists so integrations can remap. */
export const GENERIC_SEVERITY_MAP: Readonly<Record<string, Severity>> = {
  critical: 'critical',
  error: 'error',
  warning: 'warning',
  info: 'info',
};

export const genericSource = defineSource<GenericAlert>({
  source: 'generic',
  severityMap: GENERIC_SEVERITY_MAP,
  parse: (body) => parseWith(genericAlert, body),
  toAlerts: (alert, _ctx, severity) => {
    const labels = toStringMap(alert.labels);
    const source = firstText(alert.source);
    return {
      drafts: [
        {
          action: alert.action,
          dedupKey: alert.dedup_key,
          severity: severity(alert.severity, alert.severity),
          summary: alert.summary,
          service: firstText(alert.service),
          // `source` is the emitting host or system: useful to route on unless labels say otherwise.
          labels: source === undefined || Object.hasOwn(labels, 'source') ? labels : { ...labels, source },
          annotations: toStringMap(alert.annotations),
          details: { ...alert.details },
          links: (alert.links ?? []).map((link) => ({ href: link.href, text: firstText(link.text) })),
          occurredAt: isoTime(alert.occurred_at),
          endsAt: isoTime(alert.ends_at),
        },
      ],
    };
  },
});
