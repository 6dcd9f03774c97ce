import { type IncidentEventMessage, type IncidentSnapshot } from '@herald/contracts';
import { type InhibitRule, inhibitionFor } from './inhibition.js';
import { type MaintenanceWindow, activeMaintenanceFor } from './maintenance.js';
import { messageLabels } from './matchers.js';
import { type Silence, activeSilenceFor } from './silences.js';

export type MuteReason = 'silence' | 'inhibition' | 'maintenance';

export type MuteDecision = { muted: false } | { muted: true; by: MuteReason; id: string };

export interface MuteContext {
  readonly silences: readonly Silence[];
  readonly inhibitions: readonly InhibitRule[];
  /**
   * Snapshots of the incidents currently open (triggered or acknowledged); sources for
   * inhibition. Iterated only when a rule's target side matches the event.
   */
  readonly openIncidents: Iterable<IncidentSnapshot>;
  readonly maintenance: readonly MaintenanceWindow[];
  /** Epoch milliseconds. */
  readonly now: number;
}

/**
 * Whether an incident event is muted, and by what. Any one reason mutes; the order only
 * decides which is reported: a silence (an explicit human decision) first, then a planned
 * maintenance window, then inhibition (the costliest check: rules × open incidents).
 * Matchers see the incident's labels plus the pseudo-labels, `event_type` included.
 */
export function muteDecision(message: IncidentEventMessage, context: MuteContext): MuteDecision {
  const labels = messageLabels(message);
  const silence = activeSilenceFor(context.silences, labels, context.now);
  if (silence) return { muted: true, by: 'silence', id: silence.id };
  const window = activeMaintenanceFor(context.maintenance, labels, context.now);
  if (window) return { muted: true, by: 'maintenance', id: window.id };
  const inhibition = inhibitionFor(context.inhibitions, { incidentId: message.incident.id, labels }, context.openIncidents);
  if (inhibition) return { muted: true, by: 'inhibition', id: inhibition.rule.id };
  return { muted: false };
}
