import { applyDecorators, UseFilters } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import type { ConsumerDefinition, MessageKind } from '@herald/contracts';
import type { InboundMessage } from '../consumer-runner.js';
import type { Outcome } from '../outcome.js';
import { PassThroughRpcFilter } from './pass-through.filter.js';

/** How a consumer's handler is fed and settled; see ConsumerRunner for the guarantees. */
export interface ConsumeSettings<K extends MessageKind = MessageKind> {
  readonly consumer: ConsumerDefinition & { readonly message: K };
  /** `batch`: the handler gets up to `batchSize` messages at once; `each`: one message per call. */
  readonly mode: 'batch' | 'each';
  readonly batchSize?: number;
  /** Batch mode, off the alert's path only: how long a partial batch waits for more (see ConsumerRunnerOptions.gatherMs). */
  readonly gatherMs?: number;
  /** Handler calls running at once. */
  readonly concurrency?: number;
  readonly maxAckPending?: number;
  readonly errorBackoffMs?: (deliveryCount: number) => number;
}

/** The key under which the settings travel in the pattern's extras. */
export const JETSTREAM_EXTRAS = 'jetstream';

/** A method decorator that only fits a handler taking `Data` first and resolving to `Result`. */
type HandlerDecorator<Data, Result> = <M extends (data: Data, ...rest: never[]) => Promise<Result>>(
  target: object,
  key: string | symbol,
  descriptor: TypedPropertyDescriptor<M>,
) => void;

type Options<K extends MessageKind> = Omit<ConsumeSettings<K>, 'consumer' | 'mode'>;

/**
 * The EventPattern, plus the filter that hands a handler's error to the transport unchanged
 * (method-scoped, so no global registration has to happen before Nest initialises).
 */
function consume<K extends MessageKind>(settings: ConsumeSettings<K>): MethodDecorator {
  return applyDecorators(EventPattern(settings.consumer.durable, { [JETSTREAM_EXTRAS]: settings }) as MethodDecorator, UseFilters(PassThroughRpcFilter));
}

/**
 * Declares the handler of a durable consumer that takes messages in batches and returns one
 * Outcome per message (or nothing: all acked). A lone message is handed over at once; under
 * load the messages that arrived meanwhile come together. It is an `@EventPattern` (the
 * pattern is the durable name, the settings ride in the extras), so the JetStream transport
 * discovers it and Nest's pipes, interceptors and exception filters apply as for HTTP. A
 * thrown error reaches the transport as it was thrown (PassThroughRpcFilter): a
 * PermanentError is dead-lettered, anything else retried.
 */
export function ConsumeBatch<K extends MessageKind>(
  consumer: ConsumerDefinition & { readonly message: K },
  options: Options<K> = {},
): HandlerDecorator<readonly InboundMessage<K>[], readonly Outcome[] | void> {
  return consume({ ...options, consumer, mode: 'batch' });
}

/** Declares the handler of a durable consumer that takes one message per call (see ConsumeBatch). */
export function ConsumeEach<K extends MessageKind>(
  consumer: ConsumerDefinition & { readonly message: K },
  options: Options<K> = {},
): HandlerDecorator<InboundMessage<K>, Outcome | void> {
  return consume({ ...options, consumer, mode: 'each' });
}
