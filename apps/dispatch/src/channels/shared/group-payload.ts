import { type GroupedIncident, type NotificationGroup, type NotificationReason } from '@herald/contracts';
import { type RenderInput } from '../types.js';
import { groupedIncidentUrl, groupStatus } from './group-text.js';

/** Version of the Herald group payload: what a webhook on a grouped route receives. */
export const HERALD_GROUP_PAYLOAD_VERSION = 2;

/** Alertmanager's "no end time" for a firing alert. */
const NO_END = '0001-01-01T00:00:00Z';

/** One incident of the group, shaped like an Alertmanager alert, with Herald's incident beside it. */
export interface GroupPayloadAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  /** Herald's dedup key: the incident's identity at its source, as Alertmanager's fingerprint is. */
  fingerprint: string;
  incident: { id: string; status: string; severity: string; summary: string; service?: string; alertCount: number; url?: string };
}

/**
 * The Herald group payload, version 2 (webhook/README.md): Alertmanager's webhook payload
 * (`groupKey`, `status`, `groupLabels`, `commonLabels`, `commonAnnotations`, `alerts`,
 * `truncatedAlerts`, `notification_reason`) plus Herald's counts and incidents.
 */
export interface HeraldGroupPayload {
  version: typeof HERALD_GROUP_PAYLOAD_VERSION;
  type: 'group.notification';
  groupKey: string;
  status: 'firing' | 'resolved';
  notification_reason: NotificationReason;
  /** 1 for the group's first notification, then one more per notification. */
  sequence: number;
  timestamp: string;
  receiver: { id: string; name: string };
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL?: string;
  counts: { firing: number; resolved: number };
  truncatedAlerts: number;
  alerts: GroupPayloadAlert[];
}

/** The key/value pairs every map has in common. */
function common(maps: readonly Readonly<Record<string, string>>[]): Record<string, string> {
  const [first, ...rest] = maps;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first).filter(([k, v]) => rest.every((m) => m[k] === v)));
}

function alertOf(input: RenderInput, item: GroupedIncident): GroupPayloadAlert {
  const { incident } = item;
  const url = groupedIncidentUrl(input, item);
  return {
    status: item.status,
    labels: { ...incident.labels },
    annotations: { ...incident.annotations },
    startsAt: incident.openedAt,
    endsAt: item.status === 'resolved' ? (incident.resolvedAt ?? incident.lastAlertAt) : NO_END,
    generatorURL: incident.links[0]?.href ?? '',
    fingerprint: incident.dedupKey,
    incident: {
      id: incident.id,
      status: incident.status,
      severity: incident.severity,
      summary: incident.summary,
      ...(incident.service ? { service: incident.service } : {}),
      alertCount: incident.alertCount,
      ...(url ? { url } : {}),
    },
  };
}

export function heraldGroupPayload(input: RenderInput, group: NotificationGroup): HeraldGroupPayload {
  const alerts = group.incidents.map((item) => alertOf(input, item));
  return {
    version: HERALD_GROUP_PAYLOAD_VERSION,
    type: 'group.notification',
    groupKey: group.key,
    status: groupStatus(group),
    notification_reason: group.reason,
    sequence: group.sequence,
    timestamp: input.now,
    receiver: { id: input.receiver.id, name: input.receiver.name },
    groupLabels: { ...group.labels },
    commonLabels: common(alerts.map((a) => a.labels)),
    commonAnnotations: common(alerts.map((a) => a.annotations)),
    ...(input.heraldUrl ? { externalURL: input.heraldUrl } : {}),
    counts: { firing: group.firingCount, resolved: group.resolvedCount },
    truncatedAlerts: group.truncated,
    alerts,
  };
}
