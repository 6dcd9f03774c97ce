import { z } from 'zod';
import { baseEnvSchema, envPort } from '@herald/config';

export const analyticsEnvSchema = baseEnvSchema.extend({
  PORT: envPort.default(8084),
  ANALYTICS_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
});
export type AnalyticsConfig = z.infer<typeof analyticsEnvSchema>;
