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
    { method: 'get', path: '/v1/analytics/summary', tag, summary: 'Delivery figures of every receiver over a period', query: SummaryQuery },
  ],
};
