import { z } from 'zod';
import { IncidentSnapshot, IsoDateTime } from '@herald/contracts';

/*
 * What the Alertmanager API takes (query strings, postable silences) and what the gateway
 * reads from the services behind it. Every answer from a service is parsed, never cast.
 */

/** A query parameter given once or repeated (`?filter=a&filter=b`). */
const repeated = z.preprocess((v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? (v as unknown[]) : [v]), z.array(z.string().max(2_000)).max(50));
const flag = (fallback: boolean) => z.enum(['true', 'false']).default(fallback ? 'true' : 'false').transform((v) => v === 'true');

export const AmAlertsQuery = z.object({
  filter: repeated,
  active: flag(true),
  silenced: flag(true),
  inhibited: flag(true),
  unprocessed: flag(true),
  receiver: z.string().max(500).optional(),
});

export const AmSilencesQuery = z.object({ filter: repeated });

export const AmSilenceIdParam = z.object({ id: z.string().min(1).max(128) });

export const AmPostableSilence = z.object({
  id: z.string().max(128).optional(),
  matchers: z
    .array(z.object({ name: z.string().min(1), value: z.string(), isRegex: z.boolean(), isEqual: z.boolean().optional() }))
    .min(1, 'at least one matcher is required'),
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  createdBy: z.string().min(1, 'createdBy is required'),
  comment: z.string().min(1, 'comment is required'),
});

export const HeraldSilenceView = z.object({
  id: z.string(),
  matchers: z.array(z.string()),
  startsAt: z.string(),
  endsAt: z.string(),
  author: z.string(),
  comment: z.string(),
  state: z.enum(['pending', 'active', 'expired']).optional(),
  updatedAt: z.string(),
});
export const HeraldSilenceList = z.object({ items: z.array(HeraldSilenceView) });

export const HeraldIncidentPage = z.object({ items: z.array(IncidentSnapshot), nextCursor: z.string().nullable() });

export const HeraldReceiverList = z.object({ items: z.array(z.object({ id: z.string(), name: z.string().optional() })) });

/** Dispatch's answer to `POST /v1/routes/test/batch`: per label set, the receivers it would reach. */
export const HeraldRouteTestBatch = z.object({ results: z.array(z.object({ receivers: z.array(z.string()) })) });
