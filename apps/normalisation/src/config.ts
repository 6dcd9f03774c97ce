import { z } from 'zod';
import { baseEnvSchema, envBoolean, envPort } from '@herald/config';

export const normalisationEnvSchema = baseEnvSchema.extend({
  PORT: envPort.default(8081),
  /** Batches normalised at once. */
  NORMALISATION_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(1),
  /** Raw alerts handed to one batch at most (a lone alert is never held back to fill one). */
  NORMALISATION_BATCH_SIZE: z.coerce.number().int().min(1).max(1_000).default(64),
  /** Confirm AWS SNS subscriptions by visiting their SubscribeURL; off: log it for an operator. */
  NORMALISATION_SNS_AUTO_CONFIRM: envBoolean.default(true),
  NORMALISATION_SNS_CONFIRM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
});
export type NormalisationConfig = z.infer<typeof normalisationEnvSchema>;
