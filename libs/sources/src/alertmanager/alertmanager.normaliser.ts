import { defineSource } from '../core/source-definition.js';
import { parseWith } from '../core/field-errors.js';
import { stableLabelHash } from '../core/hashing.js';
import { toStringMap } from '../core/maps.js';
import { firstText } from '../core/text.js';
import { isoTime } from '../core/time.js';
import { type AlertDraft } from '../core/types.js';
import {
  PROMETHEUS_FALLBACK_SEVERITY,
  PROMETHEUS_SEVERITY_MAP,
  runbookLink,
  serviceOf,
  summaryOf,
} from './alert-labels.js';
import { alertmanagerWebhook, type AlertmanagerWebhook } from './alertmanager.schema.js';

export const alertmanagerSource = defineSource<AlertmanagerWebhook>({
  source: 'alertmanager',
  severityMap: PROMETHEUS_SEVERITY_MAP,
  parse: (body) => parseWith(alertmanagerWebhook, body),
  toAlerts: (payload, _ctx, severity) => ({
    // Alertmanager groups alerts; each keeps its own status, so each is its own alert.
    drafts: payload.alerts.map((alert): AlertDraft => {
      const labels = toStringMap(alert.labels);
      const annotations = toStringMap(alert.annotations);
      const resolved = alert.status === 'resolved';
      const startsAt = isoTime(alert.startsAt);
      const endsAt = isoTime(alert.endsAt);
      return {
        action: resolved ? 'resolve' : 'trigger',
        dedupKey: firstText(alert.fingerprint) ?? stableLabelHash(labels),
        severity: severity(labels.severity, PROMETHEUS_FALLBACK_SEVERITY),
        summary: summaryOf(labels, annotations),
        service: serviceOf(labels),
        labels,
        annotations,
        details: {
          status: alert.status,
          fingerprint: firstText(alert.fingerprint),
          startsAt: alert.startsAt,
          endsAt: alert.endsAt,
          groupKey: payload.groupKey,
          receiver: payload.receiver,
          truncatedAlerts: payload.truncatedAlerts,
        },
        links: [
          { href: alert.generatorURL, text: 'Source' },
          { href: payload.externalURL, text: 'Alertmanager' },
          runbookLink(annotations),
        ],
        occurredAt: resolved ? (endsAt ?? startsAt) : startsAt,
        endsAt,
      };
    }),
  }),
});
