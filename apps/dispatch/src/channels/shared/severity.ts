import { z } from 'zod';
import { type IncidentSnapshot, type Severity } from '@herald/contracts';

/** Colours by severity, hottest first; resolved incidents turn green whatever their severity. */
export const SEVERITY_COLOURS: Readonly<Record<Severity, string>> = {
  critical: '#D32F2F',
  error: '#F4511E',
  warning: '#FFB300',
  info: '#1E88E5',
};
export const RESOLVED_COLOUR = '#43A047';

/** `#RRGGBB` colour for an incident as it stands. */
export function incidentColour(incident: Pick<IncidentSnapshot, 'status' | 'severity'>): string {
  return incident.status === 'resolved' ? RESOLVED_COLOUR : SEVERITY_COLOURS[incident.severity];
}

/** `#RRGGBB` → the decimal integer Discord wants. */
export function colourToInt(hex: string): number {
  return Number.parseInt(hex.replace(/^#/, ''), 16);
}

/** The tag in front of a headline: `CRITICAL`, or `RESOLVED` once resolved. */
export function statusTag(incident: Pick<IncidentSnapshot, 'status' | 'severity'>): string {
  return incident.status === 'resolved' ? 'RESOLVED' : incident.severity.toUpperCase();
}

const Hex = z.string().regex(/^#?[0-9A-Fa-f]{6}$/, 'must be a colour as RRGGBB or #RRGGBB');

/**
 * A receiver's own colours: one for every incident, or one per severity (and `resolved`), each
 * falling back to Herald's.
 */
export const ColourSetting = z.union([
  Hex,
  z.strictObject({ critical: Hex.optional(), error: Hex.optional(), warning: Hex.optional(), info: Hex.optional(), resolved: Hex.optional() }),
]);
export type ColourSetting = z.infer<typeof ColourSetting>;

/** `#RRGGBB` for an incident, the receiver's own colour first. */
export function colourWith(incident: Pick<IncidentSnapshot, 'status' | 'severity'>, setting: ColourSetting | undefined): string {
  const own = typeof setting === 'string' ? setting : setting?.[incident.status === 'resolved' ? 'resolved' : incident.severity];
  return own ? `#${own.replace(/^#/, '').toUpperCase()}` : incidentColour(incident);
}
