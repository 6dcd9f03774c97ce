import { z } from 'zod';
import { IdLike, OptText } from '../core/schemas.js';

/**
 * Dynatrace's custom-integration problem notification with its default payload template:
 * {ImpactedEntities}, {ImpactedEntity}, {PID}, {ProblemDetailsHTML}, {ProblemDetailsJSON},
 * {ProblemID}, {ProblemImpact}, {ProblemTitle}, {ProblemURL} (as "Problem URL"), {State}, {Tags}.
 */
export const dynatraceProblem = z.looseObject({
  PID: IdLike.pipe(z.string().min(1)),
  ProblemID: IdLike.nullish(),
  ProblemTitle: OptText,
  ProblemImpact: OptText,
  ProblemSeverity: OptText,
  State: z.string().min(1),
  ImpactedEntity: OptText,
  ImpactedEntities: z.array(z.looseObject({ type: OptText, name: OptText, entity: OptText })).nullish(),
  ProblemDetailsJSON: z.looseObject({ severityLevel: OptText, impactLevel: OptText, startTime: z.number().nullish(), endTime: z.number().nullish() }).nullish(),
  'Problem URL': OptText,
  ProblemURL: OptText,
  Tags: OptText,
});
export type DynatraceProblem = z.infer<typeof dynatraceProblem>;
