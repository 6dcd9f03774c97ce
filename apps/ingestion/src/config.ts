import { z } from 'zod';
import { baseEnvSchema, databaseEnvSchema, envPort } from '@herald/config';

export const ingestionEnvSchema = baseEnvSchema.extend(databaseEnvSchema.shape).extend({
  PORT: envPort.default(8080),
  /** Largest alert body accepted, in bytes (PagerDuty's limit is 512 KB). */
  INGESTION_BODY_LIMIT_BYTES: z.coerce.number().int().min(1_024).max(10_485_760).default(524_288),
  /** Declarative configuration (integrations section), applied at start. */
  HERALD_CONFIG_FILE: z.string().optional(),
});
export type IngestionConfig = z.infer<typeof ingestionEnvSchema>;
