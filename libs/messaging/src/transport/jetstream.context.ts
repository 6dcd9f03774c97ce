import { BaseRpcContext } from '@nestjs/microservices';
import type { MessageKind } from '@herald/contracts';
import type { InboundMessage } from '../consumer-runner.js';

type ContextArgs<K extends MessageKind> = [durable: string, messages: readonly InboundMessage<K>[]];

/** What a JetStream handler can ask about the delivery beside its payload (`@Ctx()`). */
export class JetStreamContext<K extends MessageKind = MessageKind> extends BaseRpcContext<ContextArgs<K>> {
  /** The durable consumer the messages came from. */
  getConsumer(): string {
    return this.args[0];
  }

  /** The messages being handled, with their subjects, ids, delivery counts and trace context. */
  getMessages(): readonly InboundMessage<K>[] {
    return this.args[1];
  }
}
