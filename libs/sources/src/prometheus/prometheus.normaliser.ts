import {
  alertmanagerShapedDraft,
  PROMETHEUS_FALLBACK_SEVERITY,
  PROMETHEUS_SEVERITY_MAP,
  runbookLink,
  serviceOf,
  summaryOf,
} from '../alertmanager/alert-labels.js';
import { entriesOfField } from '../core/alert-count.js';
import { readWith } from '../core/field-errors.js';
import { labelSetFingerprint } from '../core/fingerprint.js';
import { isRecord, toStringMap } from '../core/maps.js';
import { defineSource } from '../core/source-definition.js';
import { type SeverityResolver } from '../core/severity.js';
import { isoTime } from '../core/time.js';
import { type AlertDraft, type NormaliseContext, type ParseResult } from '../core/types.js';
import { alertmanagerWebhook, isAlertmanagerWebhook } from '../alertmanager/alertmanager.schema.js';
import { isPrometheusAlerts, prometheusAlerts, type PrometheusAlerts, type PrometheusPayload } from './prometheus.schema.js';

function parsePrometheus(body: unknown): ParseResult<PrometheusPayload> {
  // An object is Alertmanager's webhook; Prometheus itself always posts an array.
  if (isRecord(body)) {
    const parsed = readWith(isAlertmanagerWebhook, alertmanagerWebhook, body);
    return parsed.ok ? { ok: true, value: { kind: 'alertmanager', webhook: parsed.value } } : parsed;
  }
  const parsed = readWith(isPrometheusAlerts, prometheusAlerts, body);
  return parsed.ok ? { ok: true, value: { kind: 'postable', alerts: parsed.value } } : parsed;
}

const alertmanagerEntries = entriesOfField('alerts');

/** Prometheus's own array, one alert per entry; an object is Alertmanager's webhook, counted as such. */
function countPrometheusAlerts(body: unknown): number {
  return Array.isArray(body) ? body.length : alertmanagerEntries(body);
}

function postableDrafts(alerts: PrometheusAlerts, ctx: NormaliseContext, severity: SeverityResolver): AlertDraft[] {
  const receivedMs = Date.parse(ctx.receivedAt);
  return alerts.map((alert): AlertDraft => {
    const labels = toStringMap(alert.labels);
    const annotations = toStringMap(alert.annotations);
    const startsAt = isoTime(alert.startsAt);
    const endsAt = isoTime(alert.endsAt);
    // Prometheus has no status field: it resolves an alert by sending an endsAt
    // that has passed, and keeps a firing one alive with an endsAt in the future.
    const resolved = endsAt !== undefined && Date.parse(endsAt) <= receivedMs;
    return {
      action: resolved ? 'resolve' : 'trigger',
      // Alertmanager identifies an alert by its label set's fingerprint: the same key
      // whether Prometheus posts here directly or through Alertmanager.
      dedupKey: labelSetFingerprint(labels),
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
  });
}

export const prometheusSource = defineSource<PrometheusPayload>({
  source: 'prometheus',
  severityMap: PROMETHEUS_SEVERITY_MAP,
  parse: parsePrometheus,
  countAlerts: countPrometheusAlerts,
  toAlerts: (payload, ctx, severity) => {
    if (payload.kind === 'postable') return { drafts: postableDrafts(payload.alerts, ctx, severity) };
    const webhook = payload.webhook;
    return {
      drafts: webhook.alerts.map((alert) =>
        alertmanagerShapedDraft(alert, severity, {
          details: { groupKey: webhook.groupKey, receiver: webhook.receiver },
          links: () => [
            { href: alert.generatorURL, text: 'Source' },
            { href: webhook.externalURL, text: 'Alertmanager' },
          ],
          computeFingerprint: true,
        }),
      ),
    };
  },
});
