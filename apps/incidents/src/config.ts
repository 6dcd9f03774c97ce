import { z } from 'zod';
import { baseEnvSchema, databaseEnvSchema, envPort } from '@herald/config';
import type { IncidentPolicy } from './incidents/domain/index.js';

export const incidentsEnvSchema = baseEnvSchema.extend(databaseEnvSchema.shape).extend({
  PORT: envPort.default(8082),
  /** Alerts committed per transaction at most. */
  INCIDENTS_BATCH_SIZE: z.coerce.number().int().min(1).max(1_000).default(100),
  INCIDENTS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /**
   * How long JetStream waits for an ack before redelivering an alert: how long alerts a killed
   * replica held wait for another (the runner keeps the alerts it holds alive meanwhile).
   */
  INCIDENTS_ACK_WAIT_SECONDS: z.coerce.number().int().min(1).max(3_600).default(4),
  INCIDENTS_REOPEN_WINDOW_SECONDS: z.coerce.number().int().min(0).default(300),
  INCIDENTS_FLAPPING_MAX_CYCLES: z.coerce.number().int().min(1).default(3),
  INCIDENTS_FLAPPING_WINDOW_SECONDS: z.coerce.number().int().min(1).default(3_600),
  INCIDENTS_FLAPPING_CALM_SECONDS: z.coerce.number().int().min(1).default(1_800),
  /**
   * Resolve an incident with no new trigger after this long; unset = never by time alone.
   * An alert's own `endsAt` wins over it. (Per-integration timeouts live in ingestion's
   * schema, out of this service's reach, so this one policy applies to every integration.)
   */
  INCIDENTS_AUTO_RESOLVE_SECONDS: z.coerce.number().int().min(1).optional(),
  /** How often the timer scheduler looks for due auto-resolve / stabilise timers. */
  INCIDENTS_TIMER_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  /** Incidents whose timers are handled in one transaction at most. */
  INCIDENTS_TIMER_BATCH_SIZE: z.coerce.number().int().min(1).max(1_000).default(100),
  /**
   * How long consumed message ids stay in the inbox. Unset: the ALERTS stream's max age plus
   * a day (a re-created consumer may redeliver anything the stream still holds); never pruned
   * when the stream keeps messages forever.
   */
  INCIDENTS_INBOX_RETENTION_SECONDS: z.coerce.number().int().min(60).optional(),
});
export type IncidentsConfig = z.infer<typeof incidentsEnvSchema>;

export function policyFrom(config: IncidentsConfig): IncidentPolicy {
  return {
    reopenWindowSeconds: config.INCIDENTS_REOPEN_WINDOW_SECONDS,
    flapping: {
      maxCycles: config.INCIDENTS_FLAPPING_MAX_CYCLES,
      windowSeconds: config.INCIDENTS_FLAPPING_WINDOW_SECONDS,
      calmSeconds: config.INCIDENTS_FLAPPING_CALM_SECONDS,
    },
    autoResolveAfterSeconds: config.INCIDENTS_AUTO_RESOLVE_SECONDS ?? null,
  };
}

/** Seconds a consumed message id is kept in the inbox; null = forever. */
export function inboxRetentionSeconds(config: IncidentsConfig): number | null {
  if (config.INCIDENTS_INBOX_RETENTION_SECONDS !== undefined) return config.INCIDENTS_INBOX_RETENTION_SECONDS;
  return config.NATS_STREAM_MAX_AGE_SECONDS > 0 ? config.NATS_STREAM_MAX_AGE_SECONDS + 86_400 : null;
}
