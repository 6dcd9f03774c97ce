import { type AlertAction, type Severity } from '@herald/contracts';
import { parseWith } from '../core/field-errors.js';
import { compactText, lookup } from '../core/maps.js';
import { defineSource } from '../core/source-definition.js';
import { firstText, idText } from '../core/text.js';
import { honeycombTrigger, type HoneycombTrigger } from './honeycomb.schema.js';

/** Keyed by status: a Honeycomb trigger carries no severity of its own. */
export const HONEYCOMB_SEVERITY_MAP: Readonly<Record<string, Severity>> = {
  triggered: 'warning',
  ok: 'info',
};

const ACTIONS: Readonly<Record<string, AlertAction>> = { triggered: 'trigger', ok: 'resolve' };

export const honeycombSource = defineSource<HoneycombTrigger>({
  source: 'honeycomb',
  severityMap: HONEYCOMB_SEVERITY_MAP,
  parse: (body) => parseWith(honeycombTrigger, body),
  toAlerts: (trigger, _ctx, severity) => {
    const status = trigger.status.toLowerCase();
    const action = lookup(ACTIONS, status);
    if (action === undefined) return { drafts: [] };
    // The trigger id identifies it; older payloads without one are keyed by trigger URL, then name.
    const id = idText(trigger.id) ?? firstText(trigger.trigger_url) ?? trigger.name;
    return {
      drafts: [
        {
          action,
          dedupKey: `honeycomb:${id}`,
          severity: severity(status, 'warning'),
          summary: firstText(trigger.summary, trigger.name),
          labels: compactText({ trigger: trigger.name, test: trigger.is_test ? 'true' : undefined }),
          annotations: compactText({ description: trigger.description, trigger_description: trigger.trigger_description }),
          // Not the whole body: it carries the shared secret.
          details: { operator: trigger.operator, threshold: trigger.threshold, resultGroupsTriggered: trigger.result_groups_triggered ?? [], version: trigger.version },
          links: [
            { href: trigger.result_url, text: 'Honeycomb result' },
            { href: trigger.trigger_url, text: 'Honeycomb trigger' },
          ],
        },
      ],
    };
  },
});
