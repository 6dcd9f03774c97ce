import { z } from 'zod';
import { IdLike, OptText } from '../core/schemas.js';

/**
 * Better Stack Uptime's incident webhook: the incident resource as its API returns it
 * (JSON:API `data` with `id`, `type: "incident"` and `attributes`).
 */
export const betterStackIncident = z.object({
  data: z.object({
    id: IdLike.pipe(z.string().min(1)),
    type: OptText,
    attributes: z.looseObject({
      name: OptText,
      url: OptText,
      http_method: OptText,
      cause: OptText,
      started_at: OptText,
      acknowledged_at: OptText,
      acknowledged_by: OptText,
      resolved_at: OptText,
      resolved_by: OptText,
      status: z.string().min(1),
      team_name: OptText,
      regions: z.array(z.string()).nullish(),
      screenshot_url: OptText,
    }),
  }),
});
export type BetterStackIncident = z.infer<typeof betterStackIncident>;
