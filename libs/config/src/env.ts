import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { envScopedTokens, ROLES } from './access-env.js';

/** Parses "true"/"false"/"1"/"0"/"yes"/"no" (env vars are strings). */
export const envBoolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const envPort = z.coerce
  .number({ message: 'must be a port number' })
  .int('must be a whole number')
  .min(0, 'must be 0..65535')
  .max(65_535, 'must be 0..65535');

export const envUrl = (protocols: readonly string[]) =>
  z
    .string()
    .refine((v) => {
      try {
        return protocols.includes(new URL(v).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    }, `must be a URL (${protocols.join(', ')})`);

/** Variables every service reads. */
export const baseEnvSchema = z.object({
  NATS_URL: z
    .string()
    .default('nats://127.0.0.1:4222')
    .refine((v) => v.split(',').every((s) => /^(nats|tls|ws|wss):\/\/[^\s]+$|^[^\s:/]+:\d+$/.test(s.trim())), 'must be nats://host:port (comma-separated for a cluster)'),
  /** Prefix for stream names and subjects, so several Herald installs (or test runs) share one NATS. */
  HERALD_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9_]*$/, 'must contain only a-z, 0-9 and _')
    .max(32)
    .default(''),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('0.0.0.0'),
  /** JetStream settings applied when provisioning streams. */
  NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  NATS_STREAM_STORAGE: z.enum(['file', 'memory']).default('file'),
  NATS_STREAM_MAX_AGE_SECONDS: z.coerce.number().int().min(0).default(7 * 24 * 3600),
  NATS_STREAM_MAX_BYTES: z.coerce.number().int().min(-1).default(-1),
  NATS_DUPLICATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(120),
  /** Bearer token for the management APIs (/v1/...); unset refuses them all. */
  HERALD_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Scoped tokens, `name:role:token` (roles viewer, responder, admin), besides the admin token. */
  HERALD_TOKENS: envScopedTokens.optional(),
  /**
   * Behind an authenticating proxy: the header carrying the signed-in user (e.g. X-Forwarded-User),
   * believed only from HERALD_TRUSTED_PROXIES; the person gets HERALD_TRUSTED_USER_ROLE.
   */
  HERALD_TRUSTED_USER_HEADER: z.string().regex(/^[A-Za-z0-9-]+$/, 'must be a header name').toLowerCase().optional(),
  HERALD_TRUSTED_USER_ROLE: z.enum(ROLES).default('viewer'),
  /** Addresses (CIDRs) the trusted user header is believed from: the proxy, or the gateway in front of a service. */
  HERALD_TRUSTED_PROXIES: z
    .string()
    .default('127.0.0.1/32,::1/128')
    .transform((v) => v.split(',').map((c) => c.trim()).filter(Boolean))
    .refine((cidrs) => cidrs.every((c) => ipaddr.isValidCIDR(c)), 'must be CIDRs separated by commas, e.g. 10.0.0.0/8,127.0.0.1/32'),
  /** Seconds to let in-flight work finish on SIGTERM. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).default(20),
  /**
   * Longest wait, in ms, between retries of a message while the database or broker is
   * unreachable: such failures are retried for as long as the outage lasts (they never count
   * toward dead-lettering), this often at most, so work resumes soon after it ends.
   */
  CONSUMER_OUTAGE_RETRY_MAX_MS: z.coerce.number().int().min(50).max(300_000).default(10_000),
  /**
   * Failed attempts on its own content after which a message is dead-lettered, for every consumer
   * of this service; unset: each consumer's own limit (20; dispatch's sender 1,000).
   */
  CONSUMER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100_000).optional(),
  /**
   * How far, in percent, V8's old generation may grow past what a full collection left before
   * the next one starts; unset: this service's own setting (`heapGrowthPercent`, observability),
   * 0: V8's own rule (about 30% under the 256 MiB cap of `deploy/service-runtime.json`).
   */
  HERALD_HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(400).optional(),
});
export type BaseEnv = z.infer<typeof baseEnvSchema>;

export const databaseEnvSchema = z.object({
  DATABASE_URL: envUrl(['postgres', 'postgresql']).default('postgres://postgres@127.0.0.1:5432/herald'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
});
export type DatabaseEnv = z.infer<typeof databaseEnvSchema>;
