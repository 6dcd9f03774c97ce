import { type AlertAction, type Severity } from '@herald/contracts';
import { parseWith } from '../core/field-errors.js';
import { compactText } from '../core/maps.js';
import { defineSource } from '../core/source-definition.js';
import { firstText, idText } from '../core/text.js';
import { anyTime } from '../core/time.js';
import { appdynamicsEvent, type AppdynamicsEvent } from './appdynamics.schema.js';

/** Keyed by the event type's level (`POLICY_OPEN_CRITICAL` → critical), else by `${latestEvent.severity}`. */
export const APPDYNAMICS_SEVERITY_MAP: Readonly<Record<string, Severity>> = {
  critical: 'critical',
  warning: 'warning',
  error: 'critical',
  warn: 'warning',
  info: 'info',
};

/**
 * Health rule violation events: OPEN, CONTINUES, UPGRADED and DOWNGRADED keep the
 * violation open; CLOSE and CANCELED end it. Other event types mean no alert.
 */
export function appdynamicsAction(eventType: string): AlertAction | undefined {
  const type = eventType.toUpperCase();
  if (/^POLICY_(CLOSE|CANCELED)_/.test(type)) return 'resolve';
  if (/^POLICY_(OPEN|CONTINUES)_/.test(type) || type === 'POLICY_UPGRADED' || type === 'POLICY_DOWNGRADED') return 'trigger';
  return undefined;
}

export const appdynamicsSource = defineSource<AppdynamicsEvent>({
  source: 'appdynamics',
  severityMap: APPDYNAMICS_SEVERITY_MAP,
  parse: (body) => parseWith(appdynamicsEvent, body),
  toAlerts: (event, _ctx, severity) => {
    const action = appdynamicsAction(event.event_type);
    if (action === undefined) return { drafts: [] };
    const level = /_(CRITICAL|WARNING)$/i.exec(event.event_type)?.[1];
    return {
      drafts: [
        {
          action,
          // The violation's incident id stays the same from open to close.
          dedupKey: `appdynamics:${event.incident_id}`,
          severity: severity(level ?? event.severity, 'warning'),
          summary: firstText(event.summary, event.display_name, event.health_rule),
          service: firstText(event.application),
          labels: compactText({ application: event.application, health_rule: event.health_rule, entity: event.affected_entity, event_type: event.event_type }),
          annotations: {},
          details: { incidentId: event.incident_id, eventId: idText(event.event_id), displayName: event.display_name },
          links: [{ href: event.deep_link, text: 'AppDynamics' }],
          occurredAt: anyTime(event.event_time, 'ms'),
        },
      ],
    };
  },
});
