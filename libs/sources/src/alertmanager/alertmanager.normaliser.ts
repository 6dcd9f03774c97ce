import { entriesOfField } from '../core/alert-count.js';
import { defineSource } from '../core/source-definition.js';
import { readWith } from '../core/field-errors.js';
import { alertmanagerShapedDraft, PROMETHEUS_SEVERITY_MAP } from './alert-labels.js';
import { alertmanagerWebhook, isAlertmanagerWebhook, type AlertmanagerWebhook } from './alertmanager.schema.js';

export const alertmanagerSource = defineSource<AlertmanagerWebhook>({
  source: 'alertmanager',
  severityMap: PROMETHEUS_SEVERITY_MAP,
  parse: (body) => readWith(isAlertmanagerWebhook, alertmanagerWebhook, body),
  countAlerts: entriesOfField('alerts'),
  toAlerts: (payload, _ctx, severity) => ({
    // Alertmanager groups alerts; each keeps its own status, so each is its own alert.
    drafts: payload.alerts.map((alert) =>
      alertmanagerShapedDraft(alert, severity, {
        details: { groupKey: payload.groupKey, receiver: payload.receiver, truncatedAlerts: payload.truncatedAlerts },
        links: () => [
          { href: alert.generatorURL, text: 'Source' },
          { href: payload.externalURL, text: 'Alertmanager' },
        ],
      }),
    ),
  }),
});
