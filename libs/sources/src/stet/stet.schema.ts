import { z } from 'zod';
import { IdLike, LooseTime } from '../core/schemas.js';

export const STET_ESCALATIONS = ['NONE', 'WARN', 'CRITICAL'] as const;

/** A stet escalation. Fields beyond these are kept as details. */
export const stetEscalation = z.looseObject({
  escalation: z.enum(STET_ESCALATIONS),
  summary: z.string(),
  affected_systems: z.array(z.string()),
  dedup_key: IdLike.nullish(),
  id: IdLike.nullish(),
  timestamp: LooseTime,
});
export type StetEscalation = z.infer<typeof stetEscalation>;
