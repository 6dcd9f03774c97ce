import { z } from 'zod';
import { baseEnvSchema, envPort } from '@herald/config';

export const normalisationEnvSchema = baseEnvSchema.extend({
  PORT: envPort.default(8081),
  NORMALISATION_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
});
export type NormalisationConfig = z.infer<typeof normalisationEnvSchema>;
