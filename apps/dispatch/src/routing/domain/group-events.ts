import { type IncidentEventType } from '@herald/contracts';

/**
 * Events a group listens to: those that move an incident in or out of firing, or change what
 * its listing shows. Deduplicated alerts and notes change neither, so a storm of them costs
 * a grouped route nothing.
 */
const GROUP_EVENTS: ReadonlySet<IncidentEventType> = new Set([
  'IncidentTriggered',
  'IncidentReopened',
  'IncidentResolved',
  'IncidentAcknowledged',
  'IncidentSeverityChanged',
  'IncidentFlapping',
  'IncidentStabilised',
]);

export function isGroupEvent(type: IncidentEventType): boolean {
  return GROUP_EVENTS.has(type);
}
