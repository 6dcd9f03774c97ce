import {
  Inject,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { BaseEnv } from '@herald/config';
import type { ConsumerDefinition, MessageKind, StreamName } from '@herald/contracts';
import { HealthChecks, LOGGER, Registry, type Logger } from '@herald/observability';
import { JetStreamConnection } from './connection.js';
import { ConsumerRunner, type ConsumerRunnerOptions } from './consumer-runner.js';
import { provisionStreams, type StreamSettings } from './provisioning.js';
import { Publisher } from './publisher.js';
import { Topology } from './topology.js';

export interface MessagingOptions {
  readonly service: string;
  readonly url: string;
  readonly namespace: string;
  readonly streams: StreamSettings;
  /** Streams this service publishes to or reads from; provisioned at start. */
  readonly provision: readonly StreamName[];
  readonly shutdownGraceMs: number;
}

const OPTIONS = Symbol('MESSAGING_OPTIONS');

type RunnerSpec<K extends MessageKind> = Omit<ConsumerRunnerOptions<K>, 'connection' | 'topology' | 'logger' | 'registry' | 'consumer'>;

/**
 * Owns the service's consumer runners: starts them when the app has booted,
 * stops them (finishing in-flight work) before the connection drains.
 */
@Injectable()
export class Consumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly runners: Array<ConsumerRunner<MessageKind>> = [];

  constructor(
    private readonly connection: JetStreamConnection,
    private readonly topology: Topology,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly registry: Registry,
    private readonly health: HealthChecks,
    @Inject(OPTIONS) private readonly options: MessagingOptions,
  ) {}

  register<K extends MessageKind>(consumer: ConsumerDefinition & { readonly message: K }, spec: RunnerSpec<K>): ConsumerRunner<K> {
    const runner = new ConsumerRunner<K>({
      ...spec,
      consumer,
      connection: this.connection,
      topology: this.topology,
      logger: this.logger,
      registry: this.registry,
    });
    this.runners.push(runner);
    this.health.register(`consumer:${consumer.durable}`, () => runner.running);
    return runner;
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const runner of this.runners) await runner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop(this.options.shutdownGraceMs)));
  }
}

/** Drains the NATS connection last, after consumers and HTTP have stopped. */
@Injectable()
class ConnectionLifecycle implements OnApplicationShutdown {
  constructor(private readonly connection: JetStreamConnection) {}
  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

/** Messaging options from the environment every service reads. */
export function messagingOptionsFromEnv(service: string, env: BaseEnv, provision: readonly StreamName[]): MessagingOptions {
  return {
    service,
    url: env.NATS_URL,
    namespace: env.HERALD_NAMESPACE,
    provision,
    shutdownGraceMs: env.SHUTDOWN_GRACE_SECONDS * 1_000,
    streams: {
      replicas: env.NATS_STREAM_REPLICAS,
      storage: env.NATS_STREAM_STORAGE,
      maxAgeSeconds: env.NATS_STREAM_MAX_AGE_SECONDS,
      maxBytes: env.NATS_STREAM_MAX_BYTES,
      duplicateWindowSeconds: env.NATS_DUPLICATE_WINDOW_SECONDS,
    },
  };
}

/** JetStream for a NestJS service: connection, provisioning, typed publisher, consumers. */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: OPTIONS, useValue: options },
        { provide: Topology, useValue: new Topology(options.namespace) },
        {
          provide: JetStreamConnection,
          inject: [LOGGER, Topology, HealthChecks],
          useFactory: async (logger: Logger, topology: Topology, health: HealthChecks) => {
            const connection = await JetStreamConnection.connect({ url: options.url, name: `herald-${options.service}`, logger });
            await provisionStreams(connection.jsm, topology, options.streams, [...options.provision, 'DLQ']);
            health.register('nats', () => connection.isConnected());
            return connection;
          },
        },
        {
          provide: Publisher,
          inject: [JetStreamConnection, Topology],
          useFactory: (connection: JetStreamConnection, topology: Topology) =>
            new Publisher(connection.js, topology, `/herald/${options.service}`),
        },
        Consumers,
        ConnectionLifecycle,
      ],
      exports: [JetStreamConnection, Topology, Publisher, Consumers],
    };
  }
}
