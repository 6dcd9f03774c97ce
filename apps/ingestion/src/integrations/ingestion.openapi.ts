import { z } from 'zod';
import { pagerDutyEvent } from '@herald/sources';
import { actionLogRoute, type ApiDescription } from '@herald/observability';
import { CreateIntegrationRequest, UpdateIntegrationRequest } from './domain/integration.js';

const Accepted = z.object({ status: z.literal('accepted'), id: z.string(), duplicate: z.boolean() });
/** Each source has its own payload (libs/sources/README.md); ingestion validates it per integration. */
const SourcePayload = z.record(z.string(), z.unknown()).describe("the monitoring tool's own payload (see libs/sources/README.md)");
const PrometheusAlerts = z.array(z.looseObject({ labels: z.record(z.string(), z.string()), annotations: z.record(z.string(), z.string()).optional() }));
const tag = 'integrations';
const Pinged = z.object({ status: z.literal('ok'), heartbeat: z.enum(['waiting', 'up', 'missing']), resolved: z.boolean() });
/** A heartbeat takes a ping by any method; HEAD comes with GET. */
const HEARTBEAT_PINGS = (['get', 'post', 'put', 'patch', 'delete'] as const).map((method) => ({
  method,
  path: '/v1/heartbeats/:integrationId',
  tag: 'heartbeats',
  summary: 'Ping a heartbeat integration (any method, body ignored); resolves its incident if it was missed',
  response: Pinged,
  status: 200,
  auth: 'integration' as const,
}));
/** Opsgenie's own answer shape, so its clients read it. */
const OpsgenieAccepted = z.object({ result: z.string(), took: z.number(), requestId: z.string() });
/** Splunk On-Call's own answer shape. */
const SplunkOnCallAccepted = z.object({ result: z.literal('success'), entity_id: z.string() });

/** The ingestion service's API, served as /openapi.json. */
export const INGESTION_API: ApiDescription = {
  title: 'Herald ingestion',
  version: '1',
  routes: [
    actionLogRoute('ingestion'),
    { method: 'get', path: '/v1/integrations', tag, summary: 'List integrations' },
    { method: 'post', path: '/v1/integrations', tag, summary: 'Create an integration (its key is shown once)', body: CreateIntegrationRequest, status: 201 },
    { method: 'get', path: '/v1/integrations/health', tag, summary: "Received, accepted and refused alerts per source and integration, with seed 002's status, global and byType (successRate in percent)",
      example: {
        response: {
          status: 'healthy',
          global: { totalReceived: 1523, totalSuccess: 1498, totalErrors: 25, successRate: 98.36, averageLatencyMs: 45.2 },
          byType: { CLOUDWATCH: { successRate: 99.5 }, GITHUB: { successRate: 97.8 } },
          total: { received: 1523, accepted: 1498, rejected: 25, rejectedByReason: { unauthenticated: 25 }, successRate: 0.9836, averageLatencyMs: 45.2 },
          bySource: {},
          byIntegration: {},
        },
      },
    },
    { method: 'get', path: '/v1/integrations/:id', tag, summary: 'An integration' },
    { method: 'patch', path: '/v1/integrations/:id', tag, summary: 'Change an integration', body: UpdateIntegrationRequest },
    { method: 'delete', path: '/v1/integrations/:id', tag, summary: 'Delete an integration', status: 204 },
    { method: 'post', path: '/v1/integrations/:id/enable', tag, summary: 'Accept alerts again' },
    { method: 'post', path: '/v1/integrations/:id/disable', tag, summary: 'Refuse alerts (403) until enabled' },
    { method: 'post', path: '/v1/integrations/:id/rotate-key', tag, summary: 'A new key; the old one stops working at once' },
    { method: 'post', path: '/v1/webhooks/:integrationId', tag: 'alerts', summary: 'Send alerts in the integration’s source format', body: SourcePayload, response: Accepted, status: 202, auth: 'integration' },
    ...HEARTBEAT_PINGS,
    { method: 'post', path: '/api/v2/alerts', tag: 'alerts', summary: 'Prometheus sending alerts (Alertmanager API)', body: PrometheusAlerts, status: 200, auth: 'integration' },
    { method: 'post', path: '/v2/enqueue', tag: 'alerts', summary: 'PagerDuty Events API v2', body: pagerDutyEvent, status: 202, auth: 'integration' },
    { method: 'post', path: '/v2/alerts', tag: 'alerts', summary: 'Opsgenie-compatible: create an alert (`Authorization: GenieKey <key>`)', body: SourcePayload, response: OpsgenieAccepted, status: 202, auth: 'integration' },
    {
      method: 'post',
      path: '/v2/alerts/:identifier/:action',
      tag: 'alerts',
      summary: 'Opsgenie-compatible: `close` or `acknowledge` an alert by its alias',
      body: SourcePayload,
      response: OpsgenieAccepted,
      status: 202,
      auth: 'integration',
    },
    {
      method: 'post',
      path: '/integrations/generic/20131114/alert/:apiKey/:routingKey',
      tag: 'alerts',
      summary: 'Splunk On-Call (VictorOps) REST endpoint: the integration key in the path',
      body: SourcePayload,
      response: SplunkOnCallAccepted,
      status: 200,
    },
  ],
};
