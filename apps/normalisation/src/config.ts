import { z } from 'zod';
import { baseEnvSchema, envBoolean, envPort } from '@herald/config';

export const normalisationEnvSchema = baseEnvSchema.extend({
  PORT: envPort.default(8081),
  NORMALISATION_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** Confirm AWS SNS subscriptions by visiting their SubscribeURL; off: log it for an operator. */
  NORMALISATION_SNS_AUTO_CONFIRM: envBoolean.default(true),
  NORMALISATION_SNS_CONFIRM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
});
export type NormalisationConfig = z.infer<typeof normalisationEnvSchema>;
