import { type AlertAction, type Severity } from '@herald/contracts';
import { parseWith } from '../core/field-errors.js';
import { compactText, lookup, toStringMap } from '../core/maps.js';
import { defineSource } from '../core/source-definition.js';
import { firstText } from '../core/text.js';
import { epochTime } from '../core/time.js';
import { gcmNotification, type GcmNotification } from './google-cloud-monitoring.schema.js';

/** The alert policy's severity (Critical, Error, Warning; "No severity" when unset). */
export const GCM_SEVERITY_MAP: Readonly<Record<string, Severity>> = {
  critical: 'critical',
  error: 'error',
  warning: 'warning',
  'no severity': 'warning',
};

const ACTIONS: Readonly<Record<string, AlertAction>> = { open: 'trigger', closed: 'resolve' };

export const googleCloudMonitoringSource = defineSource<GcmNotification>({
  source: 'google-cloud-monitoring',
  severityMap: GCM_SEVERITY_MAP,
  parse: (body) => parseWith(gcmNotification, body),
  toAlerts: ({ incident }, _ctx, severity) => {
    const action = lookup(ACTIONS, incident.state.toLowerCase());
    if (action === undefined) return { drafts: [] };
    const resource = firstText(incident.resource_display_name, incident.resource_name);
    return {
      drafts: [
        {
          action,
          dedupKey: `gcm:${incident.incident_id}`,
          severity: severity(incident.severity, 'warning'),
          summary: firstText(incident.summary, incident.condition_name, incident.policy_name),
          service: resource,
          labels: {
            ...toStringMap(incident.policy_user_labels),
            ...compactText({ policy: incident.policy_name, condition: incident.condition_name, project: incident.scoping_project_id, resource_type: incident.resource?.type }),
          },
          annotations: compactText({ documentation: incident.documentation?.content }),
          details: {
            incidentId: incident.incident_id,
            resource: incident.resource,
            metric: incident.metric,
            observedValue: incident.observed_value,
            thresholdValue: incident.threshold_value,
          },
          links: [{ href: incident.url, text: 'Cloud Monitoring incident' }],
          occurredAt: action === 'resolve' ? (epochTime(incident.ended_at, 's') ?? epochTime(incident.started_at, 's')) : epochTime(incident.started_at, 's'),
        },
      ],
    };
  },
});
