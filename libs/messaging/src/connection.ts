import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import { writesOf } from './write-coalescer.js';

export interface ConnectionOptions {
  /** One URL or a comma-separated list (cluster seeds). */
  readonly url: string;
  /** Client name shown by the server (`nats server report connections`). */
  readonly name: string;
  readonly logger: Logger;
}

/**
 * A NATS connection with JetStream handles. Reconnects forever (a broker restart
 * must not kill a service) and drains on close, so in-flight publishes and acks finish.
 */
export class JetStreamConnection {
  private connected = true;

  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    private readonly logger: Logger,
  ) {
    void this.watchStatus();
  }

  static async connect(options: ConnectionOptions): Promise<JetStreamConnection> {
    const nc = await connect({
      servers: options.url.split(',').map((s) => s.trim()),
      name: options.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1_000,
      waitOnFirstConnect: true,
      pingInterval: 10_000,
      // Without this every request (each PubAck wait) builds an Error to keep its async stack:
      // the largest single cost of a publish in the profiles. Timeouts still say what timed out.
      noAsyncTraces: true,
    });
    const jsm = await jetstreamManager(nc);
    return new JetStreamConnection(nc, jetstream(nc), jsm, options.logger);
  }

  isConnected(): boolean {
    return this.connected && !this.nc.isClosed();
  }

  /** Finishes pending work, then closes. Safe to call twice. */
  async close(): Promise<void> {
    if (this.nc.isClosed()) return;
    // Acks and publishes still held for the end of this turn go out before the drain.
    writesOf(this.nc).flush();
    try {
      await this.nc.drain();
    } catch (error) {
      this.logger.warn({ err: error }, 'NATS drain failed; closing');
      await this.nc.close();
    }
  }

  private async watchStatus(): Promise<void> {
    for await (const status of this.nc.status()) {
      switch (status.type) {
        case 'disconnect':
          this.connected = false;
          this.logger.warn({ server: status.server }, 'NATS disconnected');
          break;
        case 'reconnect':
          this.connected = true;
          this.logger.info({ server: status.server }, 'NATS reconnected');
          break;
        case 'error':
          this.logger.error({ err: status.error }, 'NATS error');
          break;
        default:
          break;
      }
    }
  }
}
