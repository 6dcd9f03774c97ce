import { alertmanagerShapedDraft, PROMETHEUS_SEVERITY_MAP } from '../alertmanager/alert-labels.js';
import { parseWith } from '../core/field-errors.js';
import { entriesOfField } from '../core/alert-count.js';
import { defineSource } from '../core/source-definition.js';
import { firstText } from '../core/text.js';
import { grafanaWebhook, type GrafanaWebhook } from './grafana.schema.js';

export const grafanaSource = defineSource<GrafanaWebhook>({
  source: 'grafana',
  severityMap: PROMETHEUS_SEVERITY_MAP,
  parse: (body) => parseWith(grafanaWebhook, body),
  countAlerts: entriesOfField('alerts'),
  toAlerts: (payload, _ctx, severity) => ({
    drafts: payload.alerts.map((alert) =>
      alertmanagerShapedDraft(alert, severity, {
        details: {
          values: alert.values,
          valueString: firstText(alert.valueString),
          orgId: alert.orgId ?? payload.orgId,
          receiver: payload.receiver,
          groupKey: payload.groupKey,
        },
        links: () => [
          { href: alert.generatorURL, text: 'Alert rule' },
          { href: alert.dashboardURL, text: 'Dashboard' },
          { href: alert.panelURL, text: 'Panel' },
          { href: alert.silenceURL, text: 'Silence' },
          { href: alert.imageURL, text: 'Image' },
        ],
      }),
    ),
  }),
});
