import { z } from 'zod';
import { IsoDateTime, SubjectToken } from './common.js';
import { IncidentEventMessage } from './incident-events.js';

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

/** One notification to send: an incident event for one receiver. */
export const DeliveryJob = z.object({
  /** Idempotency key: `<incident event id>.<receiver id>`. */
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
