import { randomBytes, randomUUID } from 'node:crypto';

/**
 * What travels with a unit of work, from the HTTP request to the last delivery attempt. It is
 * passed explicitly, never kept in an AsyncLocalStorage: on Node 20 that is built on async
 * hooks, which, once used, put a hook call and a copy of the store on every promise in the
 * process; that measured 13% of dispatch's CPU in an alert storm.
 */
export interface WorkContext {
  readonly correlationId: string;
  /** W3C trace context of the current span. */
  readonly traceparent: string;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * Span and trace ids come from one pool of random bytes refilled 4 KiB at a time: every
 * message handled and published makes a span id, and a `randomBytes` call per id showed in
 * the profiles of a storm.
 */
const POOL_BYTES = 4_096;
let pool = randomBytes(POOL_BYTES);
let poolOffset = 0;

function randomHex(bytes: number): string {
  if (poolOffset + bytes > POOL_BYTES) {
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return hex;
}

/** A new span in the same trace, or a new trace when the parent is absent or malformed. */
export function childTraceparent(parent: string | undefined): string {
  const match = parent ? TRACEPARENT.exec(parent) : null;
  const traceId = match?.[1] ?? randomHex(16);
  const flags = match?.[3] ?? '01';
  return `00-${traceId}-${randomHex(8)}-${flags}`;
}

/** Context for incoming work: keeps a valid correlation id (bounded length), else makes one. */
export function contextFrom(correlationId: string | undefined, traceparent: string | undefined): WorkContext {
  const valid = correlationId && /^[\w.:-]{1,128}$/.test(correlationId) ? correlationId : randomUUID();
  return { correlationId: valid, traceparent: childTraceparent(traceparent) };
}

/** A log line's fields for a unit of work: its correlation id and trace id (none without one). */
export function logContext(context: WorkContext | undefined): { correlationId?: string; traceId?: string } {
  if (!context) return {};
  const match = TRACEPARENT.exec(context.traceparent);
  return match ? { correlationId: context.correlationId, traceId: match[1]! } : { correlationId: context.correlationId };
}
