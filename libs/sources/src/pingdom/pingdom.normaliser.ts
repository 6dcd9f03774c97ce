import { type AlertAction, type Severity } from '@herald/contracts';
import { parseWith } from '../core/field-errors.js';
import { compactText, lookup } from '../core/maps.js';
import { defineSource } from '../core/source-definition.js';
import { firstText } from '../core/text.js';
import { epochTime, isoTime } from '../core/time.js';
import { pingdomStateChange, type PingdomStateChange } from './pingdom.schema.js';

/** Keyed by the check's importance level. */
export const PINGDOM_SEVERITY_MAP: Readonly<Record<string, Severity>> = {
  high: 'critical',
  low: 'warning',
};

/** Uptime checks go DOWN and UP, transaction checks FAILING and SUCCESS. */
const ACTIONS: Readonly<Record<string, AlertAction>> = {
  down: 'trigger',
  failing: 'trigger',
  up: 'resolve',
  success: 'resolve',
};

export const pingdomSource = defineSource<PingdomStateChange>({
  source: 'pingdom',
  severityMap: PINGDOM_SEVERITY_MAP,
  parse: (body) => parseWith(pingdomStateChange, body),
  toAlerts: (change, _ctx, severity) => {
    const action = lookup(ACTIONS, change.current_state.toLowerCase());
    if (action === undefined) return { drafts: [] };
    const name = firstText(change.check_name) ?? `check ${change.check_id}`;
    const where = firstText(change.check_params?.full_url, change.check_params?.hostname);
    return {
      drafts: [
        {
          action,
          dedupKey: `pingdom:${change.check_id}`,
          severity: severity(change.importance_level, 'critical'),
          summary: `${name} is ${change.current_state}${action === 'trigger' && firstText(change.description) ? `: ${firstText(change.description)}` : ''}`,
          service: name,
          labels: compactText({ check_type: change.check_type, importance: change.importance_level, state: change.current_state }),
          annotations: compactText({ description: change.long_description ?? change.description }),
          details: { checkId: change.check_id, previousState: change.previous_state, tags: change.tags ?? [], firstProbe: change.first_probe, secondProbe: change.second_probe, url: where },
          links: [{ href: `https://my.pingdom.com/app/reports/uptime#check=${change.check_id}`, text: 'Pingdom check' }],
          // state_changed_utc_time has no zone: it is UTC, as its name says.
          occurredAt: epochTime(change.state_changed_timestamp, 's') ?? isoTime(change.state_changed_utc_time),
        },
      ],
    };
  },
});
