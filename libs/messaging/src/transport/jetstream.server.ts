import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import type { ConsumerDefinition, MessageKind } from '@herald/contracts';
import { HealthChecks, type Logger, type Registry } from '@herald/observability';
import type { JetStreamConnection } from '../connection.js';
import { ConsumerRunner, type InboundMessage } from '../consumer-runner.js';
import type { Topology } from '../topology.js';
import { JETSTREAM_EXTRAS, type ConsumeSettings } from './consume.decorator.js';
import { outcomeOf, outcomesOf } from './handler-result.js';
import { JetStreamContext } from './jetstream.context.js';

/** Per-deployment tuning of a consumer (from configuration), laid over its `@Consume` settings. */
export interface ConsumerTuning {
  readonly batchSize?: number;
  readonly concurrency?: number;
  readonly ackWaitMs?: number;
  readonly maxAckPending?: number;
}

/** How every consumer of a service retries. */
export interface RetrySettings {
  /** Longest delay between retries while infrastructure is down (the runner's maxOutageDelayMs). */
  readonly maxOutageDelayMs?: number;
  /** Counted failures before dead-lettering, over every consumer's own `maxAttempts`. */
  readonly maxAttempts?: number;
}

export interface JetStreamServerOptions {
  readonly connection: JetStreamConnection;
  readonly topology: Topology;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly health: HealthChecks;
  /** By durable name. */
  readonly tuning?: Readonly<Record<string, ConsumerTuning>>;
  readonly shutdownGraceMs: number;
  readonly retry?: RetrySettings;
}

/**
 * JetStream as a Nest microservice transport. Every `@Consume` (an `@EventPattern`) handler
 * gets a ConsumerRunner, which pulls its durable consumer in batches, validates each message
 * against its contract, calls the handler through Nest (pipes, interceptors, filters), and
 * settles each message by the Outcome returned: ack, nak with delay, or dead-letter. A thrown
 * error is a transient failure (retried) unless it is a PermanentError (dead-lettered).
 */
export class JetStreamServer extends Server implements CustomTransportStrategy {
  private readonly runners: Array<ConsumerRunner<MessageKind>> = [];

  constructor(private readonly options: JetStreamServerOptions) {
    super();
  }

  override async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      for (const [pattern, handler] of this.messageHandlers) {
        const settings = handler.extras?.[JETSTREAM_EXTRAS] as ConsumeSettings | undefined;
        if (!handler.isEventHandler || !settings) {
          throw new Error(`JetStream handles only @ConsumeBatch and @ConsumeEach handlers; "${pattern}" is neither`);
        }
        this.runners.push(this.runnerFor(settings, handler));
      }
      for (const runner of this.runners) await runner.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  override async close(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop(this.options.shutdownGraceMs)));
  }

  override on(): never {
    throw new Error('JetStreamServer has no events to listen to; see the consumer metrics and health checks');
  }

  override unwrap<T>(): T {
    return this.options.connection as T;
  }

  private runnerFor(settings: ConsumeSettings, handler: MessageHandler): ConsumerRunner<MessageKind> {
    const { connection, topology, logger, registry, health } = this.options;
    const tuning = this.options.tuning?.[settings.consumer.durable] ?? {};
    const consumer: ConsumerDefinition & { readonly message: MessageKind } = {
      ...settings.consumer,
      ...(tuning.ackWaitMs !== undefined ? { ackWaitMs: tuning.ackWaitMs } : {}),
      ...(this.options.retry?.maxAttempts !== undefined ? { maxAttempts: this.options.retry.maxAttempts } : {}),
    };
    const durable = consumer.durable;
    const call = async (messages: readonly InboundMessage<MessageKind>[], payload: unknown): Promise<unknown> => {
      const result: unknown = await handler(payload, new JetStreamContext([durable, messages]));
      return isObservable(result) ? lastValueFrom(result, { defaultValue: undefined }) : result;
    };
    const batch = settings.mode === 'batch';
    const maxAckPending = tuning.maxAckPending ?? settings.maxAckPending;
    const runner = new ConsumerRunner<MessageKind>({
      connection,
      topology,
      logger,
      registry,
      consumer,
      batchSize: batch ? (tuning.batchSize ?? settings.batchSize ?? 100) : 1,
      concurrency: tuning.concurrency ?? settings.concurrency ?? 1,
      ...(maxAckPending !== undefined ? { maxAckPending } : {}),
      ...(settings.errorBackoffMs ? { errorBackoffMs: settings.errorBackoffMs } : {}),
      ...(batch && settings.gatherMs ? { gatherMs: settings.gatherMs } : {}),
      ...(this.options.retry?.maxOutageDelayMs !== undefined ? { maxOutageDelayMs: this.options.retry.maxOutageDelayMs } : {}),
      ...(batch
        ? { handleBatch: async (messages) => outcomesOf(await call(messages, messages), messages.length, durable) }
        : { handle: async (message) => outcomeOf(await call([message], message), durable) }),
    });
    health.register(`consumer:${durable}`, () => runner.running);
    return runner;
  }
}

