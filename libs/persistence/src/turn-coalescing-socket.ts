import { Socket, type SocketConnectOpts } from 'node:net';

type WriteCallback = (error?: Error | null) => void;

/**
 * A TCP socket that sends everything written to it during one turn of the event loop in one
 * write (one `writev`), at the end of the turn (`setImmediate`).
 *
 * node-postgres writes each query as soon as it is submitted, corking the socket only around
 * that query's own messages, so a pipelined transaction's BEGIN left in one system call and its
 * first statement in the next (and a COMMIT between a statement and the relay's read behind
 * it). PostgreSQL often woke for the first write alone, answered it, and slept again before the
 * second arrived: two wake-ups of the server and two of the client for one round trip. On a host
 * where waking an idle process costs ~0.7 ms of CPU (the bench's `wake_cost`), those were a
 * good part of a steady alert's cost.
 *
 * The delay is the rest of the current I/O phase: a lone query leaves in the same turn. Given
 * to node-postgres through its public `stream` option (see `openDataSource`); over TLS the
 * TLS socket writes to the connection's handle itself and nothing is held.
 */
export class TurnCoalescingSocket extends Socket {
  private holding = false;

  private readonly release = (): void => {
    this.holding = false;
    // A socket destroyed in the meantime has nothing to send; uncork on it is harmless.
    this.uncork();
  };

  override connect(options: SocketConnectOpts, connectionListener?: () => void): this;
  override connect(port: number, host: string, connectionListener?: () => void): this;
  override connect(port: number, connectionListener?: () => void): this;
  override connect(path: string, connectionListener?: () => void): this;
  override connect(...args: unknown[]): this {
    // Every form of the call goes through as it came; the tuple type only picks an overload.
    super.connect(...(args as [SocketConnectOpts, (() => void)?]));
    // net.Socket#connect puts Socket.prototype.write on the instance (undoing the write-after-end
    // guard of a reused socket), which would hide this class's write: remove that own copy.
    delete (this as { write?: unknown }).write;
    return this;
  }

  override write(chunk: string | Uint8Array, cb?: WriteCallback): boolean;
  override write(chunk: string | Uint8Array, encoding?: BufferEncoding, cb?: WriteCallback): boolean;
  override write(chunk: string | Uint8Array, encodingOrCb?: BufferEncoding | WriteCallback, cb?: WriteCallback): boolean {
    if (!this.holding) {
      this.holding = true;
      this.cork();
      setImmediate(this.release);
    }
    return typeof encodingOrCb === 'function' ? super.write(chunk, encodingOrCb) : super.write(chunk, encodingOrCb, cb);
  }
}
