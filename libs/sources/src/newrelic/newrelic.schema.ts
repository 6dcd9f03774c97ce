import { z } from 'zod';
import { isRecord } from '../core/maps.js';
import { IdLike, LooseTime, OptText } from '../core/schemas.js';
import { idText } from '../core/text.js';

export const NEWRELIC_STATES = ['CREATED', 'ACTIVATED', 'ACKNOWLEDGED', 'CLOSED'] as const;

const texts = z.array(z.unknown()).nullish();

/**
 * New Relic workflow webhook, default payload template. The template names the issue
 * id `id` (`{{ json issueId }}`); `issueId` is accepted for templates that keep the name.
 */
export const newRelicIssue = z
  .object({
    id: IdLike.nullish(),
    issueId: IdLike.nullish(),
    issueUrl: OptText,
    issuePageUrl: OptText,
    title: z.union([z.string(), z.array(z.unknown())], { error: 'must be a string or an array' }).nullish(),
    priority: OptText,
    state: z.enum(NEWRELIC_STATES),
    impactedEntities: texts,
    totalIncidents: z.number().nullish(),
    trigger: OptText,
    isCorrelated: z.boolean().nullish(),
    createdAt: LooseTime,
    updatedAt: LooseTime,
    sources: texts,
    alertPolicyNames: texts,
    alertConditionNames: texts,
    workflowName: OptText,
  })
  .superRefine((issue, ctx) => {
    if (isRecord(issue) && idText(issue.issueId) === undefined && idText(issue.id) === undefined) {
      ctx.addIssue({ code: 'custom', path: ['issueId'], message: 'is required (as issueId or id)' });
    }
  }, { when: () => true });
export type NewRelicIssue = z.infer<typeof newRelicIssue>;
