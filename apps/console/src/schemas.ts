import { z } from 'zod';
import { IncidentEvent, IncidentSnapshot } from '@herald/contracts';

/* What the console reads from the APIs: the contracts' own schemas where they exist. */

export const Incident = IncidentSnapshot.extend({ version: z.number(), nextTimerAt: z.string().optional() });
export type Incident = z.infer<typeof Incident>;
export const IncidentPage = z.object({ items: z.array(Incident), nextCursor: z.string().nullable() });
export const IncidentDetail = z.object({ incident: Incident, timeline: z.array(IncidentEvent), nextTimelineAfter: z.number().nullable() });
export type TimelineEvent = IncidentEvent;
export const ActionResult = z.object({ incident: Incident });

export const Delivery = z.object({
  jobId: z.string(),
  receiverId: z.string(),
  channel: z.string(),
  incidentId: z.string(),
  eventType: z.string(),
  status: z.string(),
  attempts: z.number(),
  kind: z.string().nullable(),
  createdAt: z.string(),
  lastAttemptAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  lastStatusCode: z.number().nullable(),
  lastErrorClass: z.string().nullable(),
});
export type Delivery = z.infer<typeof Delivery>;
export const DeliveryPage = z.object({ items: z.array(Delivery), next: z.string().nullable() });
export const Attempt = z.object({
  attempt: z.number(),
  outcome: z.string(),
  statusCode: z.number().nullable().optional(),
  errorClass: z.string().nullable().optional(),
  errorDetail: z.string().nullable().optional(),
  durationMs: z.number().nullable().optional(),
  attemptedAt: z.string(),
});
export const DeliveryDetail = Delivery.omit({ attempts: true }).extend({ attempts: z.array(Attempt) });
export const Replayed = z.looseObject({ jobId: z.string() });

export const Receiver = z.object({
  id: z.string(),
  name: z.string(),
  channel: z.string(),
  enabled: z.boolean(),
  paused: z.boolean(),
  managedBy: z.enum(['file', 'api']),
  health: z.object({ disabled: z.unknown(), circuit: z.string(), failingSince: z.string().nullable() }).optional(),
});
export type Receiver = z.infer<typeof Receiver>;
export const ReceiverList = z.object({ items: z.array(Receiver) });
export const TestOutcome = z.looseObject({ ok: z.boolean().optional(), outcome: z.string().optional() });
export const RetryAnswer = z.looseObject({});

export const Silence = z.object({
  id: z.string(),
  matchers: z.array(z.string()),
  startsAt: z.string(),
  endsAt: z.string(),
  author: z.string(),
  comment: z.string(),
  state: z.enum(['pending', 'active', 'expired']).optional(),
  managedBy: z.enum(['file', 'api']),
});
export type Silence = z.infer<typeof Silence>;
export const SilenceList = z.object({ items: z.array(Silence) });
export const MaintenanceWindow = z.looseObject({
  id: z.string(),
  matchers: z.array(z.string()).optional(),
  startsAt: z.string(),
  endsAt: z.string().optional(),
  recurrence: z.unknown().optional(),
  active: z.boolean().optional(),
  managedBy: z.enum(['file', 'api']),
});
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;
export const MaintenanceWindowList = z.object({ items: z.array(MaintenanceWindow) });

/** Alertmanager API v2 alerts (the gateway's): used to preview what a silence would mute. */
export const AmAlert = z.object({ labels: z.record(z.string(), z.string()), annotations: z.record(z.string(), z.string()), fingerprint: z.string() });
export const AmAlerts = z.array(AmAlert);

export interface RouteNode {
  receiver?: string | undefined;
  matchers?: string[] | undefined;
  continue?: boolean | undefined;
  routes?: RouteNode[] | undefined;
}
export const RouteNode: z.ZodType<RouteNode> = z.lazy(() =>
  z.looseObject({
    receiver: z.string().optional(),
    matchers: z.array(z.string()).optional(),
    continue: z.boolean().optional(),
    routes: z.array(RouteNode).optional(),
  }),
);
export const RoutingTree = z.object({ version: z.number(), managedBy: z.enum(['file', 'api']), tree: RouteNode });
export const RouteMatch = z.object({ receivers: z.array(z.string()) });

export const Figures = z.object({
  total_events: z.number(),
  successful_deliveries: z.number(),
  failed_deliveries: z.number(),
  success_rate: z.number().nullable(),
  response_time_ms: z.object({ samples: z.number(), avg: z.number().nullable() }),
});
export type Figures = z.infer<typeof Figures>;
export const Summary = z.object({ totals: Figures, receivers: z.array(Figures.extend({ receiver: z.string() })) });

/** The gateway's merged action log: who changed what through the management APIs. */
export const ManagementAction = z.object({ id: z.string(), at: z.string(), service: z.string(), actor: z.string(), role: z.string(), method: z.string(), path: z.string() });
export const ActionList = z.object({ items: z.array(ManagementAction) });
