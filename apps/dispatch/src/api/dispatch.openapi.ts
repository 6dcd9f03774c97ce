import { z } from 'zod';
import { actionLogRoute, type ApiDescription, type ApiRoute } from '@herald/observability';
import { RetryPolicy } from '../delivery/domain/index.js';
import { ReceiverFields } from '../receivers/domain/receiver.js';
import { ReceiverListQuery } from '../receivers/domain/receiver-list.js';
import { ReceiverTestBody } from '../receivers/domain/test-event.js';
import { EscalationPolicyConfig, InhibitRuleConfig, MaintenanceWindowConfig, RoutingTreeConfig, SilenceConfig } from '../routing/domain/index.js';
import { RECEIVER_EXAMPLES } from './receivers.examples.js';
import { DeliveryListQuery, HistoryQuery, RetryFailedQuery, RouteTestBatchBody, RouteTestBody, SilenceListQuery, TreeWriteQuery } from './deliveries.query.js';

const RouteTestAnswer = z.object({ receivers: z.array(z.string()), matches: z.array(z.object({ receiver: z.string().nullable(), path: z.array(z.number()) })) });

/** The same five routes for each policy object (silences, inhibition rules, maintenance windows, escalation policies). */
function policyRoutes(path: string, noun: string, schema: z.ZodType, listQuery?: z.ZodType): ApiRoute[] {
  const tag = path.slice('/v1/'.length);
  return [
    { method: 'get', path, tag, summary: `List ${tag.replace('-', ' ')}`, ...(listQuery ? { query: listQuery } : {}) },
    { method: 'post', path, tag, summary: `Create a ${noun} (a missing id is generated)`, body: schema, status: 201 },
    { method: 'get', path: `${path}/:id`, tag, summary: `A ${noun}` },
    { method: 'put', path: `${path}/:id`, tag, summary: `Replace a ${noun}`, body: schema },
    { method: 'delete', path: `${path}/:id`, tag, summary: `Delete a ${noun}`, status: 204 },
  ];
}

const receiverId = { id: z.string().min(1).max(128).optional() };
const tag = 'receivers';

/** The dispatch service's API, served as /openapi.json. */
export const DISPATCH_API: ApiDescription = {
  title: 'Herald dispatch',
  version: '1',
  routes: [
    actionLogRoute('dispatch'),
    { method: 'get', path: '/v1/receivers', tag, summary: 'List receivers with their health, filtered by status and channel, paged (secrets shown as ********)', query: ReceiverListQuery, example: RECEIVER_EXAMPLES.list },
    { method: 'post', path: '/v1/receivers', tag, summary: 'Create a receiver (a missing id is generated); plain http:// URLs only to DISPATCH_ALLOW_CIDRS', body: ReceiverFields.extend(receiverId), status: 201, example: RECEIVER_EXAMPLES.create },
    { method: 'get', path: '/v1/receivers/:id', tag, summary: 'A receiver', example: { response: RECEIVER_EXAMPLES.create.response } },
    { method: 'put', path: '/v1/receivers/:id', tag, summary: 'Replace a receiver', body: ReceiverFields, example: RECEIVER_EXAMPLES.replace },
    { method: 'patch', path: '/v1/receivers/:id', tag, summary: 'Change some fields of a receiver (null removes an optional one)', body: ReceiverFields.partial(), example: RECEIVER_EXAMPLES.patch },
    { method: 'delete', path: '/v1/receivers/:id', tag, summary: 'Delete a receiver no route uses', status: 204 },
    { method: 'post', path: '/v1/receivers/:id/pause', tag, summary: 'Pause: notifications are recorded as muted' },
    { method: 'post', path: '/v1/receivers/:id/resume', tag, summary: 'Resume a paused or disabled receiver' },
    { method: 'post', path: '/v1/receivers/:id/reset', tag, summary: 'Close the circuit and forget the failures' },
    { method: 'post', path: '/v1/receivers/:id/test', tag, summary: 'Send a test notification of an event type now (default IncidentTriggered)', body: ReceiverTestBody, example: RECEIVER_EXAMPLES.test },
    { method: 'get', path: '/v1/receivers/:id/subscriptions', tag, summary: "The event types the receiver takes of what the routes send it", example: RECEIVER_EXAMPLES.subscriptions },
    { method: 'post', path: '/v1/receivers/:id/subscriptions/:eventType', tag, summary: 'Subscribe the receiver to an event type (triggered, resolved, note…)' },
    { method: 'delete', path: '/v1/receivers/:id/subscriptions/:eventType', tag, summary: 'Unsubscribe the receiver from an event type' },
    { method: 'post', path: '/v1/receivers/:id/deliveries/retry', tag, summary: 'Replay the failed deliveries since a time', query: RetryFailedQuery, status: 202 },
    { method: 'post', path: '/v1/retry-policies/preview', tag: 'retry-policies', summary: 'The schedule (delays and total) a retry policy produces', body: RetryPolicy, example: RECEIVER_EXAMPLES.retryPreview },
    { method: 'get', path: '/v1/routes', tag: 'routes', summary: 'The routing tree' },
    { method: 'put', path: '/v1/routes', tag: 'routes', summary: 'Replace the routing tree', query: TreeWriteQuery, body: RoutingTreeConfig },
    { method: 'delete', path: '/v1/routes', tag: 'routes', summary: 'Empty the routing tree', query: TreeWriteQuery },
    { method: 'post', path: '/v1/routes/test', tag: 'routes', summary: 'Where an incident with these labels would be routed', body: RouteTestBody, response: RouteTestAnswer },
    { method: 'post', path: '/v1/routes/test/batch', tag: 'routes', summary: 'Where incidents with each of these label sets would be routed (answers in order)', body: RouteTestBatchBody, response: z.object({ results: z.array(RouteTestAnswer) }) },
    { method: 'get', path: '/v1/routes/history', tag: 'routes', summary: 'Earlier versions of the routing tree', query: HistoryQuery },
    ...policyRoutes('/v1/silences', 'silence', SilenceConfig, SilenceListQuery),
    ...policyRoutes('/v1/inhibit-rules', 'inhibition rule', InhibitRuleConfig),
    ...policyRoutes('/v1/maintenance-windows', 'maintenance window', MaintenanceWindowConfig),
    ...policyRoutes('/v1/escalation-policies', 'escalation policy', EscalationPolicyConfig),
    { method: 'get', path: '/v1/deliveries', tag: 'deliveries', summary: 'The delivery log, newest first', query: DeliveryListQuery },
    { method: 'get', path: '/v1/deliveries/:jobId', tag: 'deliveries', summary: 'One delivery with every attempt' },
    { method: 'post', path: '/v1/deliveries/:jobId/replay', tag: 'deliveries', summary: 'Send a delivery again', status: 202 },
  ],
};
