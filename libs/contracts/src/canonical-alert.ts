import { z } from 'zod';
import { IsoDateTime, Link, StringMap } from './common.js';
import { AlertAction, Severity, SourceType } from './sources.js';

export const CANONICAL_ALERT_VERSION = 1;

/** One alert in Herald's own terms, whatever tool sent it. */
export const CanonicalAlert = z.object({
  id: z.uuid(),
  /** Id of the raw envelope this alert came from (one envelope may hold many alerts). */
  rawId: z.uuid(),
  integrationId: z.string().min(1),
  source: SourceType,
  action: AlertAction,
  dedupKey: z.string().min(1).max(255),
  severity: Severity,
  summary: z.string().min(1).max(1024),
  service: z.string().max(255).optional(),
  labels: StringMap,
  annotations: StringMap,
  details: z.record(z.string(), z.unknown()),
  links: z.array(Link),
  occurredAt: IsoDateTime,
  receivedAt: IsoDateTime,
  /** When the source says the alert stops being true (Alertmanager endsAt). */
  endsAt: IsoDateTime.optional(),
});
export type CanonicalAlert = z.infer<typeof CanonicalAlert>;
