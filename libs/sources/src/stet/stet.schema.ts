import { z } from 'zod';
import { LooseTime, OptText } from '../core/schemas.js';

export const STET_ESCALATIONS = ['NONE', 'WARN', 'CRITICAL'] as const;

const Count = z.number().int().min(0).nullish();

/**
 * STET's escalation response (`GET /v1/enforcement/escalation`), which its webhook script
 * posts as is (seed 000, "Custom Webhooks"). Fields beyond these are kept as details.
 */
export const stetEscalation = z.looseObject({
  escalation: z.enum(STET_ESCALATIONS),
  evaluated_at: LooseTime,
  summary: z.looseObject({ total_systems: Count, ok: Count, stale: Count, missing: Count }).nullish(),
  affected_systems: z.array(z.looseObject({ system_id: z.string().min(1), status: OptText })).nullish(),
});
export type StetEscalation = z.infer<typeof stetEscalation>;
