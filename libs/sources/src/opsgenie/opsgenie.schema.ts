import { z } from 'zod';
import { OptText } from '../core/schemas.js';

export const OPSGENIE_PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;

/** Opsgenie Alert API v2, `POST /v2/alerts` (create alert). */
export const opsgenieCreateAlert = z.object({
  message: z.string().trim().min(1, 'is required').max(130, 'must be at most 130 characters'),
  alias: z.string().max(512, 'must be at most 512 characters').nullish(),
  description: z.string().max(15_000, 'must be at most 15000 characters').nullish(),
  responders: z.array(z.unknown()).nullish(),
  visibleTo: z.array(z.unknown()).nullish(),
  actions: z.array(z.string()).nullish(),
  tags: z.array(z.string()).nullish(),
  details: z.record(z.string(), z.unknown()).nullish(),
  entity: z.string().max(512).nullish(),
  source: z.string().max(100).nullish(),
  priority: z.enum(OPSGENIE_PRIORITIES, { error: `must be one of ${OPSGENIE_PRIORITIES.join(', ')}` }).nullish(),
  user: z.string().max(100).nullish(),
  note: z.string().max(25_000).nullish(),
});
export type OpsgenieCreateAlert = z.infer<typeof opsgenieCreateAlert>;

/**
 * `POST /v2/alerts/{identifier}/close` and `/acknowledge` (identifierType=alias). Their
 * bodies ({user, source, note}) do not name the alert, so ingestion records the path's
 * facts in the envelope body as `opsgenieAction` and `alias`.
 */
export const opsgenieAlertAction = z.object({
  opsgenieAction: z.enum(['close', 'acknowledge']),
  alias: z.string().min(1).max(512),
  user: OptText,
  source: OptText,
  note: OptText,
});
export type OpsgenieAlertAction = z.infer<typeof opsgenieAlertAction>;

export type OpsgeniePayload = { kind: 'create'; value: OpsgenieCreateAlert } | { kind: 'action'; value: OpsgenieAlertAction };
