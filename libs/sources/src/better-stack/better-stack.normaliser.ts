import { type AlertAction, type Severity } from '@herald/contracts';
import { parseWith } from '../core/field-errors.js';
import { compactText, lookup } from '../core/maps.js';
import { defineSource } from '../core/source-definition.js';
import { firstText } from '../core/text.js';
import { isoTime } from '../core/time.js';
import { betterStackIncident, type BetterStackIncident } from './better-stack.schema.js';

/** Keyed by incident status: Better Stack has no severity, an incident is a monitor down. */
export const BETTER_STACK_SEVERITY_MAP: Readonly<Record<string, Severity>> = {
  started: 'critical',
  acknowledged: 'critical',
  resolved: 'info',
};

/** Unconfirmed and Validating incidents are still being checked: no alert yet. */
const ACTIONS: Readonly<Record<string, AlertAction>> = {
  started: 'trigger',
  acknowledged: 'acknowledge',
  resolved: 'resolve',
};

export const betterStackSource = defineSource<BetterStackIncident>({
  source: 'better-stack',
  severityMap: BETTER_STACK_SEVERITY_MAP,
  parse: (body) => parseWith(betterStackIncident, body),
  toAlerts: ({ data: incident }, _ctx, severity) => {
    const status = incident.attributes.status.toLowerCase();
    const action = lookup(ACTIONS, status);
    if (action === undefined) return { drafts: [] };
    const a = incident.attributes;
    const at = { trigger: a.started_at, acknowledge: a.acknowledged_at, resolve: a.resolved_at }[action];
    return {
      drafts: [
        {
          action,
          dedupKey: `better-stack:${incident.id}`,
          severity: severity(status, 'critical'),
          summary: firstText(a.cause) === undefined ? firstText(a.name) : `${firstText(a.name) ?? 'Monitor'}: ${firstText(a.cause)}`,
          service: firstText(a.name),
          labels: compactText({ team: a.team_name, status: a.status }),
          annotations: compactText({ cause: a.cause }),
          details: { incidentId: incident.id, url: a.url, httpMethod: a.http_method, regions: a.regions, acknowledgedBy: a.acknowledged_by, resolvedBy: a.resolved_by },
          links: [{ href: a.url, text: 'Monitored URL' }, { href: a.screenshot_url, text: 'Screenshot' }],
          occurredAt: isoTime(at) ?? isoTime(a.started_at),
        },
      ],
    };
  },
});
