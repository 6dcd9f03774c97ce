import { type AlertAction, type Severity } from '@herald/contracts';
import { parseWith } from '../core/field-errors.js';
import { compactText } from '../core/maps.js';
import { defineSource } from '../core/source-definition.js';
import { firstText, idText } from '../core/text.js';
import { anyTime } from '../core/time.js';
import { newRelicIssue, type NewRelicIssue } from './newrelic.schema.js';

export const NEWRELIC_SEVERITY_MAP: Readonly<Record<string, Severity>> = {
  critical: 'critical',
  high: 'error',
  medium: 'warning',
  low: 'info',
};

const ACTIONS: Readonly<Record<NewRelicIssue['state'], AlertAction>> = {
  CREATED: 'trigger',
  ACTIVATED: 'trigger',
  ACKNOWLEDGED: 'acknowledge',
  CLOSED: 'resolve',
};

/**
 * The default template has no acknowledged state: an acknowledgement arrives as the issue
 * still ACTIVATED, with the trigger (`{{ json triggerEvent }}`) USER_ACTION.
 */
export function newRelicAction(issue: Pick<NewRelicIssue, 'state' | 'trigger'>): AlertAction {
  if (issue.state === 'ACTIVATED' && firstText(issue.trigger)?.toUpperCase() === 'USER_ACTION') return 'acknowledge';
  return ACTIONS[issue.state];
}

function strings(values: readonly unknown[] | null | undefined): string[] {
  return (values ?? []).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
}

export const newrelicSource = defineSource<NewRelicIssue>({
  source: 'newrelic',
  severityMap: NEWRELIC_SEVERITY_MAP,
  parse: (body) => parseWith(newRelicIssue, body),
  toAlerts: (issue, _ctx, severity) => {
    const issueId = idText(issue.issueId) ?? idText(issue.id) ?? '';
    const title = Array.isArray(issue.title) ? strings(issue.title)[0] : firstText(issue.title);
    const entities = strings(issue.impactedEntities);
    const policies = strings(issue.alertPolicyNames);
    const conditions = strings(issue.alertConditionNames);
    return {
      drafts: [
        {
          action: newRelicAction(issue),
          dedupKey: issueId,
          severity: severity(issue.priority, 'warning'),
          summary: title ?? `New Relic issue ${issueId}`,
          service: entities[0],
          labels: compactText({
            priority: issue.priority,
            state: issue.state,
            workflow: issue.workflowName,
            policy: policies.join(','),
            condition: conditions.join(','),
          }),
          annotations: {},
          details: {
            issueId,
            impactedEntities: entities,
            totalIncidents: issue.totalIncidents,
            trigger: issue.trigger,
            isCorrelated: issue.isCorrelated,
            sources: strings(issue.sources),
            createdAt: issue.createdAt,
            updatedAt: issue.updatedAt,
          },
          links: [{ href: firstText(issue.issueUrl, issue.issuePageUrl), text: 'New Relic issue' }],
          // updatedAt is the time of the state change this notification reports.
          occurredAt: anyTime(issue.updatedAt, 'ms') ?? anyTime(issue.createdAt, 'ms'),
        },
      ],
    };
  },
});
