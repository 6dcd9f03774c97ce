import { z } from 'zod';
import { baseEnvSchema, databaseEnvSchema, envPort } from '@herald/config';

export const incidentsEnvSchema = baseEnvSchema.extend(databaseEnvSchema.shape).extend({
  PORT: envPort.default(8082),
  /** Alerts committed per transaction at most. */
  INCIDENTS_BATCH_SIZE: z.coerce.number().int().min(1).max(1_000).default(100),
  INCIDENTS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  INCIDENTS_REOPEN_WINDOW_SECONDS: z.coerce.number().int().min(0).default(300),
  INCIDENTS_FLAPPING_MAX_CYCLES: z.coerce.number().int().min(1).default(3),
  INCIDENTS_FLAPPING_WINDOW_SECONDS: z.coerce.number().int().min(1).default(3_600),
  INCIDENTS_FLAPPING_CALM_SECONDS: z.coerce.number().int().min(1).default(1_800),
  /** Resolve an incident with no new trigger after this long; unset = never by time alone. */
  INCIDENTS_AUTO_RESOLVE_SECONDS: z.coerce.number().int().min(1).optional(),
});
export type IncidentsConfig = z.infer<typeof incidentsEnvSchema>;
