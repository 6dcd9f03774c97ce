import { z } from 'zod';
import { ActionQuery, ManagementActionView, type ApiDescription } from '@herald/observability';
import { AmAlertsQuery, AmPostableSilence, AmSilencesQuery } from '../alertmanager/alertmanager.schemas.js';

const AmMatcher = z.object({ name: z.string(), value: z.string(), isRegex: z.boolean(), isEqual: z.boolean() });
const AmSilence = z.object({
  id: z.string(),
  status: z.object({ state: z.enum(['pending', 'active', 'expired']) }),
  updatedAt: z.string(),
  matchers: z.array(AmMatcher),
  startsAt: z.string(),
  endsAt: z.string(),
  createdBy: z.string(),
  comment: z.string(),
});
const AmAlert = z.object({
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  startsAt: z.string(),
  updatedAt: z.string(),
  endsAt: z.string(),
  generatorURL: z.string().optional(),
  fingerprint: z.string(),
  receivers: z.array(z.object({ name: z.string() })),
  status: z.object({ state: z.enum(['active', 'suppressed']), silencedBy: z.array(z.string()), inhibitedBy: z.array(z.string()) }),
});
const tag = 'alertmanager';

/** The gateway's own routes: Alertmanager API v2 and the merged action log (the management APIs are the services' documents, merged). */
export const GATEWAY_API: ApiDescription = {
  title: 'Herald gateway',
  version: '1',
  routes: [
    { method: 'get', path: '/api/v2/status', tag, summary: 'Alertmanager status (for amtool and Grafana)', auth: 'none' },
    { method: 'get', path: '/api/v2/alerts', tag, summary: 'Open incidents as Alertmanager alerts', query: AmAlertsQuery, response: z.array(AmAlert) },
    { method: 'get', path: '/api/v2/alerts/groups', tag, summary: 'Open incidents as Alertmanager alert groups (by alertname)', query: AmAlertsQuery },
    { method: 'get', path: '/api/v2/silences', tag, summary: 'Silences in Alertmanager form', query: AmSilencesQuery, response: z.array(AmSilence) },
    { method: 'post', path: '/api/v2/silences', tag, summary: 'Create (or, with an id, replace) a silence', body: AmPostableSilence, response: z.object({ silenceID: z.string() }) },
    { method: 'get', path: '/api/v2/silence/:id', tag, summary: 'A silence in Alertmanager form', response: AmSilence },
    { method: 'delete', path: '/api/v2/silence/:id', tag, summary: 'Expire a silence (it stays listed as expired)' },
    { method: 'get', path: '/api/v2/receivers', tag, summary: 'Receiver names' },
    {
      method: 'get',
      path: '/v1/actions',
      tag: 'actions',
      summary: 'Who changed what through any management API (every service’s action log merged), newest first',
      query: ActionQuery,
      response: z.object({ items: z.array(ManagementActionView) }),
    },
  ],
};
