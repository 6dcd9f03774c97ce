import { z } from 'zod';
import { SubjectToken } from '@herald/contracts';
import { baseEnvSchema, databaseEnvSchema, envBoolean, envPort, envUrl, secretsEnvSchema } from '@herald/config';
import { isValidCidr } from './security/domain/index.js';

const cidrList = z
  .string()
  .transform((s) => s.split(',').map((c) => c.trim()).filter(Boolean))
  .refine((list) => list.every(isValidCidr), 'must be a comma-separated list of CIDRs (e.g. 127.0.0.0/8,10.0.0.0/8)');

export const dispatchEnvSchema = baseEnvSchema.extend(databaseEnvSchema.shape).extend(secretsEnvSchema.shape).extend({
  PORT: envPort.default(8083),
  /** Declarative configuration (receivers and routes, section `dispatch`). */
  HERALD_CONFIG_FILE: z.string().optional(),
  /** Destinations in otherwise refused ranges (loopback, private…) that receivers may reach. */
  DISPATCH_ALLOW_CIDRS: cidrList.default([]),
  /** Jobs handled at once by one replica (waiting for a receiver's slot included). */
  DISPATCH_CONCURRENCY: z.coerce.number().int().min(1).max(4_096).default(256),
  DISPATCH_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  DISPATCH_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  /** SMTP server for e-mail receivers, e.g. smtp://user:pass@mail.example.com:587. */
  SMTP_URL: envUrl(['smtp', 'smtps']).optional(),
  /** Base URL of Herald for links in notifications. */
  HERALD_PUBLIC_URL: envUrl(['http', 'https']).optional(),
  /** Receivers, routes, silences… are cached in memory; changes arrive by LISTEN/NOTIFY, and this poll backs it up. */
  DISPATCH_CONFIG_REFRESH_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /**
   * The first attempt of a fresh job to a healthy, quick receiver is made straight from routing,
   * without a trip through the DISPATCH stream (its retries still go there). Off: every job goes
   * through DISPATCH.
   */
  DISPATCH_DIRECT_SEND: envBoolean.default(true),
  /**
   * A dispatch replica counts as alive this long after its last heartbeat (it beats every third
   * of it); the direct sends of one that stopped beating are handed to DISPATCH by the others.
   */
  DISPATCH_INSTANCE_TTL_MS: z.coerce.number().int().min(1_000).max(300_000).default(15_000),
  /** How often the repeat scheduler looks for open incidents due a repeat notification. */
  DISPATCH_REPEAT_TICK_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** How often the escalation scheduler looks for due escalation steps (a triggered incident's step 1 goes at once). */
  DISPATCH_ESCALATION_TICK_MS: z.coerce.number().int().min(50).max(600_000).default(1_000),
  /** How often the group flush looks for notification groups due (group_wait / group_interval / repeat): their timing's resolution. */
  DISPATCH_GROUP_TICK_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  /** Largest number of jobs out of the DISPATCH stream at once, retries waiting in the broker included. */
  DISPATCH_MAX_PENDING: z.coerce.number().int().min(100).max(1_000_000).default(20_000),
  /**
   * Sends in flight to one receiver on one replica (a receiver's `concurrency` overrides it).
   * 32: a storm to one webhook measured 350 deliveries/s at 8 (jobs bouncing through the
   * broker) and 600/s at 32 on two cores; a receiver that cannot take it answers 429/503,
   * which Herald honours, or sets its own `concurrency`.
   */
  DISPATCH_RECEIVER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(32),
  /** Consecutive recoverable failures (5xx, 429, timeouts, network) that open a receiver's circuit. */
  DISPATCH_CIRCUIT_FAILURE_THRESHOLD: z.coerce.number().int().min(1).max(1_000).default(5),
  /** How long an open circuit holds a receiver's jobs back before one probe goes through. */
  DISPATCH_CIRCUIT_COOLDOWN_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
  /** Disable a receiver failing without a break for this long (0 = never); a receiver's `disableAfterSeconds` overrides it. */
  DISPATCH_DISABLE_AFTER_SECONDS: z.coerce.number().int().min(0).max(90 * 86_400).default(5 * 86_400),
  /** The receiver told (like Svix's endpoint.disabled event) when Herald disables another one: its id. */
  DISPATCH_OPS_RECEIVER: SubjectToken.optional(),
  /** Delivery log rows older than this are deleted (0 = keep forever). */
  DISPATCH_DELIVERY_LOG_RETENTION_DAYS: z.coerce.number().int().min(0).max(3_650).default(30),
});
export type DispatchConfig = z.infer<typeof dispatchEnvSchema>;
