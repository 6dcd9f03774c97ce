import type { NatsConnection } from '@nats-io/transport-node';

/**
 * Holds NATS protocol calls (publishes, acks, naks) until the end of the current turn of the
 * event loop, then makes them together. nats.js flushes its outbound buffer at the next
 * microtask checkpoint, and Node reaches one after every I/O callback: a sender settling 200
 * deliveries, each finished by its own HTTP response, wrote 400 small packets (an ack and an
 * outcome each), and those writes were the largest single cost in dispatch's CPU profile.
 * Made from one `setImmediate`, the calls share one buffer and leave in one write. The delay
 * is the rest of the current I/O phase: well under a millisecond.
 */
export class WriteCoalescer {
  private pending: Array<{ readonly call: () => void; readonly onError: ((error: unknown) => void) | undefined }> = [];
  private scheduled = false;

  constructor(private readonly onError: (error: unknown) => void = () => undefined) {}

  /** Makes `call` at the end of this turn; an error it throws goes to `onError` (this call's, else the coalescer's). */
  defer(call: () => void, onError?: (error: unknown) => void): void {
    this.pending.push({ call, onError });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.flush);
  }

  /** Makes every deferred call now (also before a drain, so none is left behind). */
  readonly flush = (): void => {
    this.scheduled = false;
    const calls = this.pending;
    this.pending = [];
    for (const { call, onError } of calls) {
      try {
        call();
      } catch (error) {
        (onError ?? this.onError)(error);
      }
    }
  };
}

const byConnection = new WeakMap<NatsConnection, WriteCoalescer>();

/**
 * The coalescer of one connection, shared by its publishers and consumers, so their calls
 * of one turn leave in the same write.
 */
export function writesOf(nc: NatsConnection): WriteCoalescer {
  let writes = byConnection.get(nc);
  if (!writes) {
    writes = new WriteCoalescer();
    byConnection.set(nc, writes);
  }
  return writes;
}
