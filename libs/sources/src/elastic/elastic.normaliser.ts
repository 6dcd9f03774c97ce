import { type Severity } from '@herald/contracts';
import { parseWith } from '../core/field-errors.js';
import { compactText } from '../core/maps.js';
import { defineSource } from '../core/source-definition.js';
import { firstText } from '../core/text.js';
import { isoTime } from '../core/time.js';
import { elasticAlert, type ElasticAlert } from './elastic.schema.js';

/**
 * Keyed by the action group, or its last dotted part (`metrics.threshold.warning` → `warning`):
 * the groups a rule type fires in, and `recovered`.
 */
export const ELASTIC_SEVERITY_MAP: Readonly<Record<string, Severity>> = {
  fired: 'error',
  'threshold met': 'error',
  'query matched': 'error',
  warning: 'warning',
  nodata: 'warning',
  recovered: 'info',
};

function groupKey(actionGroup: string): string {
  return actionGroup.toLowerCase().split('.').pop() ?? '';
}

export const elasticSource = defineSource<ElasticAlert>({
  source: 'elastic',
  severityMap: ELASTIC_SEVERITY_MAP,
  parse: (body) => parseWith(elasticAlert, body),
  toAlerts: (alert, _ctx, severity) => {
    const group = groupKey(alert.action_group);
    const tags = Array.isArray(alert.tags) ? alert.tags : (alert.tags ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '');
    return {
      drafts: [
        {
          action: group === 'recovered' ? 'resolve' : 'trigger',
          // One incident per alert of a rule: a rule alerts per host, per group, or once ("query matched").
          dedupKey: `elastic:${alert.rule_id}:${alert.alert_id}`,
          severity: severity(group, 'error'),
          summary: firstText(alert.reason, alert.rule_name),
          labels: compactText({ rule: alert.rule_name, alert: alert.alert_id, action_group: alert.action_group, space: alert.space_id }),
          annotations: compactText({ reason: alert.reason }),
          details: { ruleId: alert.rule_id, alertUuid: alert.alert_uuid, actionGroupName: alert.action_group_name, tags },
          links: [{ href: alert.rule_url, text: 'Kibana rule' }],
          occurredAt: isoTime(alert.date),
        },
      ],
    };
  },
});
