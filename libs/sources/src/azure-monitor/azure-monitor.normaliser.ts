import { type Severity } from '@herald/contracts';
import { parseWith } from '../core/field-errors.js';
import { compactText, toStringMap } from '../core/maps.js';
import { defineSource } from '../core/source-definition.js';
import { firstText } from '../core/text.js';
import { isoTime } from '../core/time.js';
import { azureMonitorAlert, type AzureMonitorAlert } from './azure-monitor.schema.js';

export const AZURE_MONITOR_SEVERITY_MAP: Readonly<Record<string, Severity>> = {
  sev0: 'critical',
  sev1: 'error',
  sev2: 'warning',
  sev3: 'info',
  sev4: 'info',
};

export const azureMonitorSource = defineSource<AzureMonitorAlert>({
  source: 'azure-monitor',
  severityMap: AZURE_MONITOR_SEVERITY_MAP,
  parse: (body) => parseWith(azureMonitorAlert, body),
  toAlerts: ({ data }, _ctx, severity) => {
    const e = data.essentials;
    const resolved = e.monitorCondition === 'Resolved';
    const fired = isoTime(e.firedDateTime);
    const description = firstText(e.description);
    const items = (e.configurationItems ?? []).filter((item) => item.trim() !== '');
    return {
      drafts: [
        {
          action: resolved ? 'resolve' : 'trigger',
          dedupKey: e.alertId,
          severity: severity(e.severity, 'warning'),
          summary: description === undefined ? e.alertRule : `${e.alertRule}: ${description}`,
          service: items[0],
          labels: {
            ...toStringMap(data.customProperties),
            ...compactText({
              alert_rule: e.alertRule,
              severity: e.severity,
              signal_type: e.signalType,
              monitoring_service: e.monitoringService,
              target_resource_type: e.targetResourceType,
              target_resource_group: e.targetResourceGroup,
              configuration_items: items.join(','),
            }),
          },
          annotations: compactText({ description }),
          details: {
            alertId: e.alertId,
            originAlertId: e.originAlertId,
            monitorCondition: e.monitorCondition,
            alertTargetIDs: e.alertTargetIDs,
            firedDateTime: e.firedDateTime,
            resolvedDateTime: e.resolvedDateTime,
            alertContext: data.alertContext,
          },
          links: [{ href: e.investigationLink, text: 'Investigate' }],
          occurredAt: resolved ? (isoTime(e.resolvedDateTime) ?? fired) : fired,
        },
      ],
    };
  },
});
