import { z } from 'zod';
import { baseEnvSchema, databaseEnvSchema, envBoolean, envPort, secretsEnvSchema } from '@herald/config';

export const ingestionEnvSchema = baseEnvSchema.extend(databaseEnvSchema.shape).extend(secretsEnvSchema.shape).extend({
  PORT: envPort.default(8080),
  /** Largest alert body accepted, in bytes (PagerDuty's limit is 512 KB); larger gets 413. */
  INGESTION_BODY_LIMIT_BYTES: z.coerce.number().int().min(1_024).max(10_485_760).default(524_288),
  /** Declarative configuration (integrations section), applied at start. */
  HERALD_CONFIG_FILE: z.string().optional(),
  /** How long an integration lookup is reused on the request path; 0 reads PostgreSQL every time. */
  INGESTION_INTEGRATION_CACHE_TTL_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
  /** Standard Webhooks signatures older or newer than this are refused (replay protection). */
  INGESTION_SIGNATURE_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** How often each replica checks heartbeat integrations for missed pings; a miss is announced at most this late. */
  INGESTION_HEARTBEAT_CHECK_MS: z.coerce.number().int().min(100).max(300_000).default(5_000),
  /** How often request counters for GET /v1/integrations/health are written to PostgreSQL. */
  INGESTION_STATS_FLUSH_MS: z.coerce.number().int().min(100).max(300_000).default(5_000),
  /** Confirm AWS SNS subscriptions by visiting their SubscribeURL; off: log it for an operator. */
  INGESTION_SNS_AUTO_CONFIRM: envBoolean.default(true),
  INGESTION_SNS_CONFIRM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
});
export type IngestionConfig = z.infer<typeof ingestionEnvSchema>;
