import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes, randomUUID } from 'node:crypto';

/** What travels with a unit of work, from the HTTP request to the last delivery attempt. */
export interface WorkContext {
  readonly correlationId: string;
  /** W3C trace context of the current span. */
  readonly traceparent: string;
}

const storage = new AsyncLocalStorage<WorkContext>();

export function runWithContext<T>(context: WorkContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): WorkContext | undefined {
  return storage.getStore();
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
