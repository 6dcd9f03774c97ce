import { type AlertAction, type Severity } from '@herald/contracts';
import { parseWith } from '../core/field-errors.js';
import { compactText } from '../core/maps.js';
import { defineSource } from '../core/source-definition.js';
import { firstText, idText } from '../core/text.js';
import { anyTime } from '../core/time.js';
import { splunkOnCallAlert, type SplunkOnCallAlert } from './splunk-oncall.schema.js';

/** Keyed by message_type. */
export const SPLUNK_ONCALL_SEVERITY_MAP: Readonly<Record<string, Severity>> = {
  critical: 'critical',
  warning: 'warning',
  acknowledgement: 'info',
  recovery: 'info',
};

/** INFO only adds to the timeline in Splunk On-Call; it opens nothing, so it means no alert here. */
const ACTIONS: Readonly<Record<Exclude<SplunkOnCallAlert['message_type'], 'INFO'>, AlertAction>> = {
  CRITICAL: 'trigger',
  WARNING: 'trigger',
  ACKNOWLEDGEMENT: 'acknowledge',
  RECOVERY: 'resolve',
};

const KNOWN = new Set(['message_type', 'entity_id', 'entity_display_name', 'state_message', 'monitoring_tool', 'state_start_time', 'timestamp']);

export const splunkOnCallSource = defineSource<SplunkOnCallAlert>({
  source: 'splunk-oncall',
  severityMap: SPLUNK_ONCALL_SEVERITY_MAP,
  parse: (body) => parseWith(splunkOnCallAlert, body),
  toAlerts: (alert, ctx, severity) => {
    if (alert.message_type === 'INFO') return { drafts: [] };
    const extra = Object.fromEntries(Object.entries(alert).filter(([key]) => !KNOWN.has(key)));
    return {
      drafts: [
        {
          action: ACTIONS[alert.message_type],
          // Splunk On-Call names an entity-less alert itself; the envelope id plays that part.
          dedupKey: idText(alert.entity_id) ?? ctx.rawId,
          severity: severity(alert.message_type, 'critical'),
          summary: firstText(alert.entity_display_name, alert.state_message, idText(alert.entity_id)),
          labels: compactText({ monitoring_tool: alert.monitoring_tool, message_type: alert.message_type }),
          annotations: compactText({ state_message: alert.state_message }),
          details: extra,
          occurredAt: anyTime(alert.state_start_time, 's') ?? anyTime(alert.timestamp, 's'),
        },
      ],
    };
  },
});
