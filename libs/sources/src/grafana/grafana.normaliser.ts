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
import { firstText } from '../core/text.js';
import { isoTime } from '../core/time.js';
import { type AlertDraft } from '../core/types.js';
import { grafanaWebhook, type GrafanaWebhook } from './grafana.schema.js';

export const grafanaSource = defineSource<GrafanaWebhook>({
  source: 'grafana',
  severityMap: PROMETHEUS_SEVERITY_MAP,
  parse: (body) => parseWith(grafanaWebhook, body),
  toAlerts: (payload, _ctx, severity) => ({
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
          values: alert.values,
          valueString: firstText(alert.valueString),
          orgId: alert.orgId ?? payload.orgId,
          receiver: payload.receiver,
          groupKey: payload.groupKey,
        },
        links: [
          { href: alert.generatorURL, text: 'Alert rule' },
          { href: alert.dashboardURL, text: 'Dashboard' },
          { href: alert.panelURL, text: 'Panel' },
          { href: alert.silenceURL, text: 'Silence' },
          { href: alert.imageURL, text: 'Image' },
          runbookLink(annotations),
        ],
        occurredAt: resolved ? (endsAt ?? startsAt) : startsAt,
        endsAt,
      };
    }),
  }),
});
