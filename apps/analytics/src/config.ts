import { z } from 'zod';
import { baseEnvSchema, databaseEnvSchema, envBoolean, envPort, envUrl } from '@herald/config';

export const analyticsEnvSchema = baseEnvSchema.extend(databaseEnvSchema.shape).extend({
  PORT: envPort.default(8084),
  /** Declarative configuration; its `dispatch.receivers` pre-initialise metric series. */
  HERALD_CONFIG_FILE: z.string().optional(),
  /** Outcome batches handled at once. */
  ANALYTICS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** Outcomes folded into the rollups per transaction at most. */
  ANALYTICS_BATCH_SIZE: z.coerce.number().int().min(1).max(1_000).default(200),
  /** Consumed outcome ids are remembered this long (longer than DELIVERIES keeps messages). */
  ANALYTICS_INBOX_RETENTION_HOURS: z.coerce.number().int().min(1).default(192),
  /** Hourly rollups are kept this long (the API answers up to 90 days). */
  ANALYTICS_ROLLUP_RETENTION_DAYS: z.coerce.number().int().min(1).default(90),
  /** Report JetStream consumer, stream and DLQ gauges for every Herald consumer of the namespace. */
  ANALYTICS_JETSTREAM_METRICS: envBoolean.default(true),
  /**
   * NATS monitoring endpoints (`http://host:8222`, comma-separated, one per server): each server's
   * JetStream storage against its own limit. Unset: only the account's storage is reported.
   */
  ANALYTICS_NATS_MONITORING_URLS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((u) => u.trim()).filter(Boolean))
    .pipe(z.array(envUrl(['http', 'https'])).max(16, 'at most 16 servers')),
});
export type AnalyticsConfig = z.infer<typeof analyticsEnvSchema>;
