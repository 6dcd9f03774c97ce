import { type GroupedIncident, type NotificationGroup } from '@herald/contracts';
import { type RenderInput } from '../types.js';

/** `firing` while any incident of the group fires, as Alertmanager's group `status`. */
export function groupStatus(group: NotificationGroup): 'firing' | 'resolved' {
  return group.firingCount > 0 ? 'firing' : 'resolved';
}

/** `alertname=DiskFull instance=db-1`, or `all incidents` for a route grouped by `[]`. */
export function groupName(group: NotificationGroup): string {
  const pairs = Object.entries(group.labels).map(([k, v]) => `${k}=${v}`);
  return pairs.length > 0 ? pairs.join(' ') : 'all incidents';
}

/** Alertmanager's default subject, with Herald's counts and the reason: `[FIRING:3] alertname=DiskFull (new alerts added)`. */
export function groupTitle(group: NotificationGroup): string {
  const status = groupStatus(group);
  const head = status === 'firing' ? `[FIRING:${group.firingCount}]` : '[RESOLVED]';
  const resolved = status === 'firing' && group.resolvedCount > 0 ? `, ${group.resolvedCount} resolved` : '';
  return `${head} ${groupName(group)} (${group.reason}${resolved})`;
}

/** The incident's page in Herald, when Herald's URL is known. */
export function groupedIncidentUrl(input: Pick<RenderInput, 'heraldUrl'>, item: GroupedIncident): string | undefined {
  if (!input.heraldUrl) return undefined;
  return `${input.heraldUrl.replace(/\/+$/, '')}/incidents/${encodeURIComponent(item.incident.id)}`;
}

/** `[FIRING] critical · Disk almost full on db-1` */
export function groupedIncidentLine(item: GroupedIncident): string {
  return `[${item.status.toUpperCase()}] ${item.incident.severity} · ${item.incident.summary}`;
}

/** The incidents to list (at most `max`) and the line that counts the rest, if any. */
export function listedIncidents(group: NotificationGroup, max: number): { items: GroupedIncident[]; more: string | undefined } {
  const items = group.incidents.slice(0, max);
  const rest = group.firingCount + group.resolvedCount - items.length;
  return { items, more: rest > 0 ? `… and ${rest} more` : undefined };
}

/** The standing facts of a group notification. */
export function groupFacts(group: NotificationGroup): { name: string; value: string }[] {
  return [
    { name: 'Status', value: groupStatus(group) },
    { name: 'Firing', value: String(group.firingCount) },
    { name: 'Resolved', value: String(group.resolvedCount) },
    { name: 'Reason', value: group.reason },
  ];
}

/** The group's first incident that is still firing, else its first: what colours a group message. */
export function leadIncident(group: NotificationGroup): GroupedIncident | undefined {
  return group.incidents.find((i) => i.status === 'firing') ?? group.incidents[0];
}
