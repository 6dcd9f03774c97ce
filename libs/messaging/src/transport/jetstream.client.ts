import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import type { PubAck } from '@nats-io/jetstream';
import { MESSAGES, type MessageKind, type Payload } from '@herald/contracts';
import type { JetStreamConnection } from '../connection.js';
import type { Publication, Publisher, PublishOptions } from '../publisher.js';

/**
 * The publishing side as a Nest `ClientProxy`: `emit(kind, payload)` publishes a contract
 * message and completes with its PubAck once JetStream has stored it. `publishEvent` and
 * `publishEvents` are the typed forms Herald's own code uses. Request-reply is not offered:
 * every Herald message is an event.
 */
export class JetStreamClient extends ClientProxy {
  constructor(
    private readonly connection: JetStreamConnection,
    private readonly publisher: Publisher,
  ) {
    super();
  }

  /** Publishes one contract message; resolves once JetStream has stored it. */
  publishEvent<K extends MessageKind>(kind: K, payload: Payload<K>, options?: PublishOptions): Promise<PubAck> {
    return this.publisher.publish(kind, payload, options);
  }

  /** Publishes many at once (pipelined); resolves once all are stored. */
  publishEvents(publications: readonly Publication[]): Promise<PubAck[]> {
    return this.publisher.publishAll(publications);
  }

  override connect(): Promise<JetStreamConnection> {
    return Promise.resolve(this.connection);
  }

  /** The connection belongs to the messaging module, which drains it at shutdown. */
  override close(): void {}

  override on(): never {
    throw new Error('JetStreamClient has no events to listen to');
  }

  override unwrap<T>(): T {
    return this.connection as T;
  }

  protected override publish(_packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    callback({ err: new Error('JetStreamClient carries events only; use emit()'), isDisposed: true });
    return () => undefined;
  }

  protected override dispatchEvent<T = PubAck>(packet: ReadPacket): Promise<T> {
    const kind = packet.pattern as unknown;
    if (typeof kind !== 'string' || !(kind in MESSAGES)) {
      return Promise.reject(new Error(`unknown message kind ${JSON.stringify(kind)}; expected one of ${Object.keys(MESSAGES).join(', ')}`));
    }
    return this.publisher.publish(kind as MessageKind, packet.data as Payload<MessageKind>) as Promise<T>;
  }
}
