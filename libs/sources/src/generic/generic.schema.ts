import { AlertAction, Severity } from '@herald/contracts';
import { z } from 'zod';
import { ScalarMap } from '../core/maps.js';
import { OptText } from '../core/schemas.js';
import { isValidTime } from '../core/time.js';

const Time = z.string().refine(isValidTime, 'must be an ISO 8601 date-time with a time zone');

/** Herald's own alert format; documented in libs/sources/README.md. */
export const genericAlert = z.object({
  action: AlertAction.default('trigger'),
  dedup_key: z.string().trim().min(1, 'must not be blank'),
  summary: z.string().trim().min(1, 'must not be blank'),
  severity: Severity.default('warning'),
  service: OptText,
  source: OptText,
  labels: ScalarMap.nullish(),
  annotations: ScalarMap.nullish(),
  details: z.record(z.string(), z.unknown()).nullish(),
  links: z.array(z.object({ href: z.string().trim().min(1, 'must not be blank'), text: OptText })).nullish(),
  occurred_at: Time.nullish(),
  ends_at: Time.nullish(),
});
export type GenericAlert = z.infer<typeof genericAlert>;
