import { z } from 'zod';
import { IsoDateTime, StringMap } from './common.js';
import { DedupScope, Severity, SourceType } from './sources.js';

export const RAW_ALERT_VERSION = 1;

/**
 * What ingestion accepted, before any interpretation: the parsed body plus the
 * request facts a normaliser may need. Published once JetStream acknowledges it,
 * so a 202 means it is durable.
 */
export const RawAlertEnvelope = z.object({
  id: z.uuid(),
  integrationId: z.string().min(1),
  source: SourceType,
  receivedAt: IsoDateTime,
  /** Selected request headers (lower-case names), never credentials. */
  headers: StringMap,
  body: z.unknown(),
  /** Client-supplied idempotency key, if any; it became the Nats-Msg-Id. */
  idempotencyKey: z.string().max(255).optional(),
  /** The integration's overrides of the source's severity map (source value -> severity). */
  severityMap: z.record(z.string().max(100), Severity).optional(),
  /** Present when the integration opted in to cross-integration dedup (`global`). */
  dedupScope: DedupScope.optional(),
});
export type RawAlertEnvelope = z.infer<typeof RawAlertEnvelope>;
