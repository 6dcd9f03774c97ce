import { z } from 'zod';
import type { ApiDescription } from '@herald/observability';

/* The query strings as analytics-period.ts reads them (it parses by hand, for its messages). */
const ReceiverQuery = z.object({ period_days: z.string().regex(/^\d{1,3}$/).optional().describe('whole days, 1 to 90 (default 7)') });
const SummaryQuery = z.object({ period: z.string().regex(/^\d{1,4}[hd]$/).optional().describe('<n>h or <n>d, 1h to 90d (default 24h)') });
const tag = 'analytics';

/** The analytics service's API, served as /openapi.json. */
export const ANALYTICS_API: ApiDescription = {
  title: 'Herald analytics',
  version: '1',
  routes: [
    { method: 'get', path: '/v1/analytics/receivers/:id', tag, summary: 'Delivery success, latency and volume of one receiver, per hour', query: ReceiverQuery },
    {
      method: 'get',
      path: '/v1/analytics/webhooks/:id',
      tag,
      summary: "One receiver's figures as seed 001 names them (success_rate in percent, response times in ms), Herald's breakdown beside under `herald`",
      query: ReceiverQuery,
      example: {
        response: {
          webhook_id: 'ops-webhook', period_days: 7, total_events: 150, successful_deliveries: 147, failed_deliveries: 3, retry_count: 4, success_rate: 98,
          avg_response_time_ms: 125.5, min_response_time_ms: 42, max_response_time_ms: 892, p95_response_time_ms: 450.5,
          http_4xx_errors: 1, http_5xx_errors: 2, timeout_errors: 0, network_errors: 0, herald: { receiver: 'ops-webhook', success_rate: 0.98, channels: [] },
        },
      },
    },
    { method: 'get', path: '/v1/analytics/summary', tag, summary: 'Delivery figures of every receiver over a period', query: SummaryQuery },
  ],
};
