import { PermanentError } from './errors.js';

/**
 * What a failed attempt says about the next one:
 * - `permanent`: the message itself can never succeed (bad data, a constraint it breaks):
 *   dead-letter it at once, with the reason;
 * - `transient`: the infrastructure failed (database or broker unreachable, a time-out, a
 *   serialisation conflict): retry for as long as it takes; it never counts toward the
 *   dead-letter limit, so an outage longer than that limit loses nothing;
 * - `unexpected`: anything else (most likely a bug meeting this message): retried, and
 *   counted toward the limit, so one poison message cannot circulate forever.
 */
export type FailureClass = 'permanent' | 'transient' | 'unexpected';

/**
 * SQLSTATE classes and codes (PostgreSQL appendix A) that describe the data, not the server:
 * 22 data exception (NUL in text, invalid JSON, out of range), 23 integrity constraint
 * violation, 54 program limit exceeded (an index row too large, too many columns).
 */
const PERMANENT_SQLSTATE_CLASSES = new Set(['22', '23', '54']);

/**
 * SQLSTATE classes and codes that say "try again": 08 connection exception, 53 insufficient
 * resources (too many connections, disk full), 57P01–57P05 shutdown / cannot connect now /
 * idle session timeout, 58 system error (I/O), 40001 serialisation failure, 40P01 deadlock,
 * 55P03 lock not available, 57014 query cancelled (statement timeout).
 */
const TRANSIENT_SQLSTATE_CLASSES = new Set(['08', '53', '58']);
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '55P03', '57014', '57P01', '57P02', '57P03', '57P04', '57P05']);

/** Node socket errors: the peer is unreachable or went away. */
const TRANSIENT_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ECONNABORTED']);

/** nats.js and Herald's publisher errors for a broker that is away or slow. */
const TRANSIENT_ERROR_NAMES = new Set([
  'ClosedConnectionError',
  'DrainingConnectionError',
  'ConnectionError',
  'TimeoutError',
  'NoRespondersError',
  'PublishTimeoutError',
  'PublishRefusedError',
]);

/**
 * Messages of errors that carry no code: node-postgres's pool and protocol errors while the
 * server is away or restarting, TypeORM's wrapper when it cannot get a connection.
 */
const TRANSIENT_MESSAGES =
  /connection terminated|timeout exceeded when trying to connect|connection timeout|not queryable|cannot use a pool after calling end|the database system is (starting up|shutting down|in recovery)|terminating connection|connect ECONNREFUSED|socket hang up|read ECONNRESET/i;

interface ErrorLike {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly driverError?: unknown;
}

/** The SQLSTATE of a node-postgres error or TypeORM's QueryFailedError around one. */
export function sqlState(error: unknown): string | undefined {
  const e = error as ErrorLike | null;
  for (const code of [e?.code, (e?.driverError as ErrorLike | undefined)?.code]) {
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** Classifies a thrown failure by what it says about retrying (see FailureClass). Pure. */
export function classifyFailure(error: unknown): FailureClass {
  if (error instanceof PermanentError) return 'permanent';
  if (typeof error !== 'object' || error === null) return 'unexpected';
  const state = sqlState(error);
  if (state !== undefined) {
    if (TRANSIENT_SQLSTATES.has(state) || TRANSIENT_SQLSTATE_CLASSES.has(state.slice(0, 2))) return 'transient';
    if (PERMANENT_SQLSTATE_CLASSES.has(state.slice(0, 2))) return 'permanent';
    return 'unexpected';
  }
  const e = error as ErrorLike;
  const driver = (e.driverError ?? {}) as ErrorLike;
  for (const code of [e.code, driver.code]) if (typeof code === 'string' && TRANSIENT_ERRNOS.has(code)) return 'transient';
  if (typeof e.name === 'string' && TRANSIENT_ERROR_NAMES.has(e.name)) return 'transient';
  for (const message of [e.message, driver.message]) if (typeof message === 'string' && TRANSIENT_MESSAGES.test(message)) return 'transient';
  // AggregateError (a connect to several addresses, all refused): transient when every part is.
  const parts = (error as { errors?: unknown }).errors;
  if (Array.isArray(parts) && parts.length > 0 && parts.every((p) => classifyFailure(p) === 'transient')) return 'transient';
  return 'unexpected';
}

/** JetStream's error code for a message over the stream's `max_msg_size`. */
const JS_MESSAGE_TOO_LARGE = 10054;

/**
 * A publish refused for its size, before anything was stored: over the server's `max_payload`
 * (nats.js checks it against the server's INFO and throws) or over the stream's maximum
 * message size (JetStream refuses it). Smaller messages would go through.
 */
export function tooLargeToPublish(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (/max_payload/i.test(error.message)) return true;
  return (error as { errCode?: unknown }).errCode === JS_MESSAGE_TOO_LARGE;
}
