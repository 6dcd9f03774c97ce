import {
  PROMETHEUS_FALLBACK_SEVERITY,
  PROMETHEUS_SEVERITY_MAP,
  runbookLink,
  serviceOf,
  summaryOf,
} from '../alertmanager/alert-labels.js';
import { parseWith } from '../core/field-errors.js';
import { stableLabelHash } from '../core/hashing.js';
import { toStringMap } from '../core/maps.js';
import { defineSource } from '../core/source-definition.js';
import { isoTime } from '../core/time.js';
import { type AlertDraft } from '../core/types.js';
import { prometheusAlerts, type PrometheusAlerts } from './prometheus.schema.js';

export const prometheusSource = defineSource<PrometheusAlerts>({
  source: 'prometheus',
  severityMap: PROMETHEUS_SEVERITY_MAP,
  parse: (body) => parseWith(prometheusAlerts, body),
  toAlerts: (alerts, ctx, severity) => {
    const receivedMs = Date.parse(ctx.receivedAt);
    return {
      drafts: alerts.map((alert): AlertDraft => {
        const labels = toStringMap(alert.labels);
        const annotations = toStringMap(alert.annotations);
        const startsAt = isoTime(alert.startsAt);
        const endsAt = isoTime(alert.endsAt);
        // Prometheus has no status field: it resolves an alert by sending an endsAt
        // that has passed, and keeps a firing one alive with an endsAt in the future.
        const resolved = endsAt !== undefined && Date.parse(endsAt) <= receivedMs;
        return {
          action: resolved ? 'resolve' : 'trigger',
          // Alertmanager identifies a postable alert by its label set alone.
          dedupKey: stableLabelHash(labels),
          severity: severity(labels.severity, PROMETHEUS_FALLBACK_SEVERITY),
          summary: summaryOf(labels, annotations),
          service: serviceOf(labels),
          labels,
          annotations,
          details: { startsAt: alert.startsAt, endsAt: alert.endsAt },
          links: [{ href: alert.generatorURL, text: 'Source' }, runbookLink(annotations)],
          occurredAt: resolved ? endsAt : startsAt,
          endsAt,
        };
      }),
    };
  },
});
