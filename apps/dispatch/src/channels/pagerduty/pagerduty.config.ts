import { z } from 'zod';
import { HttpUrl } from '../shared/http.js';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

/** A PagerDuty Events API v2 integration (service or event-orchestration routing key). */
export const PagerDutyConfig = z.strictObject({
  routingKey: z.string().regex(/^[A-Za-z0-9]{32}$/, 'must be the 32-character integration key'),
  /** e.g. `https://events.eu.pagerduty.com/v2/enqueue` for EU accounts. */
  url: HttpUrl.default(PAGERDUTY_EVENTS_URL),
  /** Overrides `payload.source`, which otherwise comes from the `instance`/`host` label or the service. */
  source: z.string().min(1).max(255).optional(),
});
export type PagerDutyConfig = z.infer<typeof PagerDutyConfig>;
