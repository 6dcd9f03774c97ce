import { z } from 'zod';
import { IdLike, OptText } from '../core/schemas.js';

const resultGroup = z.looseObject({ Group: z.record(z.string(), z.unknown()).nullish(), Result: z.unknown() });

/** Honeycomb's default trigger webhook body (no custom template), payload version v0.1.0. */
export const honeycombTrigger = z.looseObject({
  version: OptText,
  id: IdLike.nullish(),
  name: z.string().min(1),
  trigger_description: OptText,
  trigger_url: OptText,
  status: z.string().min(1),
  summary: OptText,
  description: OptText,
  operator: OptText,
  threshold: z.number().nullish(),
  result_url: OptText,
  result_groups: z.array(resultGroup).nullish(),
  result_groups_triggered: z.array(resultGroup).nullish(),
  is_test: z.boolean().nullish(),
});
export type HoneycombTrigger = z.infer<typeof honeycombTrigger>;
