import { z } from 'zod';
import { IsoDateTime, StringMap, SubjectToken } from './common.js';
import { IncidentEventMessage, IncidentSnapshot } from './incident-events.js';

export const DELIVERY_VERSION = 1;

export const CHANNELS = [
  'webhook',
  'slack',
  'pagerduty',
  'discord',
  'teams',
  'email',
  'splunk',
  'datadog',
  'elasticsearch',
] as const;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

/** Why a group is notified, worded as Alertmanager (0.32+) words its `notification_reason`. */
export const NOTIFICATION_REASONS = ['first notification', 'new alerts added', 'some alerts resolved', 'all alerts resolved', 'repeat interval elapsed'] as const;
export const NotificationReason = z.enum(NOTIFICATION_REASONS);
export type NotificationReason = z.infer<typeof NotificationReason>;

/** Incidents a group notification lists at most; the rest are only counted (`truncated`), as Alertmanager's `max_alerts`. */
export const MAX_GROUP_LISTED = 200;

/** One incident of a group notification, firing or resolved as the group now sees it. */
export const GroupedIncident = z.object({
  status: z.enum(['firing', 'resolved']),
  incident: IncidentSnapshot,
});
export type GroupedIncident = z.infer<typeof GroupedIncident>;

/** What a group notification is about: the group, why it is sent now, and its incidents. */
export const NotificationGroup = z.object({
  /** Stable per route, receiver and group label values. */
  key: z.string().min(1).max(2000),
  /** The `groupBy` labels and their values. */
  labels: StringMap,
  reason: NotificationReason,
  /** 1 for the group's first notification, then one more per notification. */
  sequence: z.number().int().positive(),
  firingCount: z.number().int().nonnegative(),
  resolvedCount: z.number().int().nonnegative(),
  /** Firing first; at most MAX_GROUP_LISTED. */
  incidents: z.array(GroupedIncident).max(MAX_GROUP_LISTED),
  /** Incidents counted but not listed. */
  truncated: z.number().int().nonnegative(),
});
export type NotificationGroup = z.infer<typeof NotificationGroup>;

/**
 * One notification to send: an incident event for one receiver, or (with `group`) one
 * notification about a group of incidents. A group job still carries a `message`, the group's
 * most recently changed incident, so everything keyed by incident (delivery log, outcomes,
 * analytics) works unchanged; renderers that know `group` render the whole group.
 */
export const DeliveryJob = z.object({
  /** Idempotency key: `<incident event id>.<receiver id>`, or `group.<group hash>.<sequence>` for a group. */
  id: z.string().min(1).max(300),
  receiverId: SubjectToken,
  channel: Channel,
  createdAt: IsoDateTime,
  message: IncidentEventMessage,
  /**
   * Not to be attempted before this time: set when a job whose first attempt was made straight
   * from routing is handed to DISPATCH for its retry (the broker then holds it until then).
   */
  notBefore: IsoDateTime.optional(),
  group: NotificationGroup.optional(),
});
export type DeliveryJob = z.infer<typeof DeliveryJob>;

export const DELIVERY_OUTCOMES = ['delivered', 'retrying', 'failed', 'dead', 'muted'] as const;
export const DeliveryOutcomeKind = z.enum(DELIVERY_OUTCOMES);
export type DeliveryOutcomeKind = z.infer<typeof DeliveryOutcomeKind>;

export const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx', 'timeout', 'network', 'none'] as const;
export const StatusClass = z.enum(STATUS_CLASSES);
export type StatusClass = z.infer<typeof StatusClass>;

/** One delivery attempt and how it ended; analytics folds these into rollups. */
export const DeliveryOutcome = z.object({
  /** Unique per attempt: `<job id>.<attempt>`. */
  id: z.string().min(1).max(320),
  jobId: z.string().min(1).max(300),
  receiverId: SubjectToken,
  channel: Channel,
  outcome: DeliveryOutcomeKind,
  attempt: z.number().int().positive(),
  statusCode: z.number().int().min(100).max(599).optional(),
  statusClass: StatusClass,
  durationMs: z.number().nonnegative(),
  errorClass: z.string().max(100).optional(),
  incidentId: z.uuid(),
  eventId: z.uuid(),
  eventType: z.string().min(1),
  attemptedAt: IsoDateTime,
  alertReceivedAt: IsoDateTime.optional(),
});
export type DeliveryOutcome = z.infer<typeof DeliveryOutcome>;
