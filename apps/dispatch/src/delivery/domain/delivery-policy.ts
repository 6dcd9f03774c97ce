import { z } from 'zod';
import { type CircuitBreakerConfig } from './circuit-breaker.js';
import { RateLimits } from './rate-limit.js';

/** Most notifications in one batch: the batch waits inside the sender's own concurrency. */
export const BATCH_MAX_SIZE = 100;
/** The longest request timeout a receiver may set; a send holds its job (kept alive in the broker) for that long. */
export const MAX_TIMEOUT_SECONDS = 300;

/**
 * Per-receiver delivery settings beside `retry` on a receiver: each overrides the
 * service-wide default (env) when set. A receiver schema adds them with
 * `.extend(ReceiverDeliverySettings.shape)`.
 */
export const ReceiverDeliverySettings = z.object({
  /** Sends per clock minute and per clock hour; excess waits for the next window, never dropped. */
  rateLimit: RateLimits.optional(),
  /** Sends to this receiver in flight at once on one dispatch replica. */
  concurrency: z.number().int().min(1).max(256).optional(),
  circuitBreaker: z
    .object({
      failureThreshold: z.number().int().min(1).max(1000).optional(),
      cooldownMs: z.number().int().min(1000).max(3_600_000).optional(),
      probeTimeoutMs: z.number().int().min(1000).max(600_000).optional(),
    })
    .optional(),
  /** Disable the receiver after it has failed without a break for this long (0 = never). */
  disableAfterSeconds: z.number().int().min(0).max(90 * 86_400).optional(),
  /**
   * Batch sending (seed 001's batch_events / batch_size / batch_timeout_seconds): notifications
   * are collected and sent as one request when `size` are waiting or the oldest has waited
   * `timeoutSeconds`, whichever comes first. Each is still logged, retried and counted alone.
   */
  batch: z
    .object({
      size: z.number().int().min(2).max(BATCH_MAX_SIZE),
      timeoutSeconds: z.number().min(0.05).max(300).default(5),
    })
    .optional(),
  /** How long one request to this receiver may take, whole (seed 004 uses 30 and 60); DISPATCH_REQUEST_TIMEOUT_MS when unset. */
  timeoutSeconds: z
    .number({ error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(1, 'must be at least 1 second')
    .max(MAX_TIMEOUT_SECONDS, `must be at most ${MAX_TIMEOUT_SECONDS} seconds`)
    .optional(),
  /**
   * TLS of this receiver's connections (HTTPS, and SMTP for e-mail): `ca` replaces the system
   * roots with the given PEM bundle. The receiver schema checks the certificates (once, on write).
   */
  tls: z.strictObject({ ca: z.string().max(256 * 1024) }).optional(),
});
export type ReceiverDeliverySettings = z.infer<typeof ReceiverDeliverySettings>;

export interface BatchPolicy {
  readonly size: number;
  readonly timeoutMs: number;
}

export interface DeliveryPolicy {
  /** Absent: each notification is its own request. */
  readonly batch?: BatchPolicy;
  readonly concurrency: number;
  readonly rateLimit: RateLimits | undefined;
  readonly circuitBreaker: CircuitBreakerConfig;
  readonly disableAfterSeconds: number;
}

export type DeliveryDefaults = Omit<DeliveryPolicy, 'rateLimit' | 'batch'>;

/**
 * The effective policy for a receiver: its own settings where it has valid ones, the
 * defaults elsewhere. A receiver object without these fields (or with invalid ones, which
 * its schema should have refused) gets the defaults; the lookup never throws on a send path.
 */
export function deliveryPolicyOf(receiver: unknown, defaults: DeliveryDefaults): DeliveryPolicy {
  const parsed = ReceiverDeliverySettings.safeParse(receiver ?? {});
  const own: ReceiverDeliverySettings = parsed.success ? parsed.data : {};
  const limits = own.rateLimit;
  return {
    concurrency: own.concurrency ?? defaults.concurrency,
    rateLimit: limits && (limits.perMinute !== undefined || limits.perHour !== undefined) ? limits : undefined,
    circuitBreaker: {
      ...defaults.circuitBreaker,
      // A probe is presumed lost only once it has certainly timed out, at this receiver's own timeout too.
      ...(own.timeoutSeconds !== undefined ? { probeTimeoutMs: Math.max(defaults.circuitBreaker.probeTimeoutMs, own.timeoutSeconds * 2_000) } : {}),
      ...stripUndefined(own.circuitBreaker ?? {}),
    },
    disableAfterSeconds: own.disableAfterSeconds ?? defaults.disableAfterSeconds,
    ...(own.batch ? { batch: { size: own.batch.size, timeoutMs: Math.round(own.batch.timeoutSeconds * 1_000) } } : {}),
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * How long to hold a job back when its receiver already has its fill of sends in flight: its
 * place in the receiver's virtual queue. With `ahead` jobs already held back for the receiver
 * and `cap` sends at a time each taking about `typicalSendMs`, a slot for this job frees in
 * about (ahead + 1) / cap sends. Bounded by `minMs` and `maxMs` and spread ±25% so held jobs do
 * not return in a herd. A burst thus waits in the broker instead of cycling through it.
 */
export function busyDelayMs(
  input: { readonly typicalSendMs: number; readonly ahead: number; readonly cap: number },
  random: () => number,
  minMs = 20,
  maxMs = 30_000,
): number {
  const base = (Math.max(input.typicalSendMs, 5) * (Math.max(0, input.ahead) + 1)) / Math.max(1, input.cap);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(Math.min(Math.max(base, minMs), maxMs) * (0.75 + 0.5 * r));
}

/** A delay into a future window plus a little spread, so jobs held for one window do not all return at its first millisecond. */
export function spreadDelayMs(delayMs: number, random: () => number, spreadMs = 1_000): number {
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.max(0, Math.round(delayMs + spreadMs * r));
}
