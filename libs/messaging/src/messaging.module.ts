import { Injectable, Module, type DynamicModule, type INestApplication, type OnApplicationShutdown } from '@nestjs/common';
import type { BaseEnv } from '@herald/config';
import type { StreamName } from '@herald/contracts';
import { HealthChecks, LOGGER, Registry, type Logger } from '@herald/observability';
import { JetStreamConnection } from './connection.js';
import { provisionStreams, type StreamSettings } from './provisioning.js';
import { Publisher } from './publisher.js';
import { Topology } from './topology.js';
import { JetStreamClient } from './transport/jetstream.client.js';
import { JetStreamServer, type ConsumerTuning, type RetrySettings } from './transport/jetstream.server.js';

export interface MessagingOptions {
  readonly service: string;
  readonly url: string;
  readonly namespace: string;
  readonly streams: StreamSettings;
  /** Streams this service publishes to or reads from; provisioned at start. */
  readonly provision: readonly StreamName[];
  readonly shutdownGraceMs: number;
  /** Consumer settings from configuration, by durable name, over the `@Consume` defaults. */
  readonly tuning?: Readonly<Record<string, ConsumerTuning>>;
  /** How every consumer of the service retries (see JetStreamServerOptions.retry). */
  readonly retry?: RetrySettings;
}

/** Drains the NATS connection last, after consumers and HTTP have stopped. */
@Injectable()
class ConnectionLifecycle implements OnApplicationShutdown {
  constructor(
    private readonly connection: JetStreamConnection,
    private readonly publisher: Publisher,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
    this.publisher.close();
  }
}

/** Messaging options from the environment every service reads. */
export function messagingOptionsFromEnv(
  service: string,
  env: BaseEnv,
  provision: readonly StreamName[],
  tuning?: Readonly<Record<string, ConsumerTuning>>,
): MessagingOptions {
  return {
    service,
    url: env.NATS_URL,
    namespace: env.HERALD_NAMESPACE,
    provision,
    shutdownGraceMs: env.SHUTDOWN_GRACE_SECONDS * 1_000,
    retry: {
      maxOutageDelayMs: env.CONSUMER_OUTAGE_RETRY_MAX_MS,
      ...(env.CONSUMER_MAX_ATTEMPTS !== undefined ? { maxAttempts: env.CONSUMER_MAX_ATTEMPTS } : {}),
    },
    streams: {
      replicas: env.NATS_STREAM_REPLICAS,
      storage: env.NATS_STREAM_STORAGE,
      maxAgeSeconds: env.NATS_STREAM_MAX_AGE_SECONDS,
      maxBytes: env.NATS_STREAM_MAX_BYTES,
      duplicateWindowSeconds: env.NATS_DUPLICATE_WINDOW_SECONDS,
    },
    ...(tuning ? { tuning } : {}),
  };
}

/**
 * JetStream for a NestJS service: connection, provisioning, the typed publisher and its
 * `ClientProxy` (JetStreamClient), and the transport (JetStreamServer) that runs the
 * service's `@Consume` handlers once `startConsumers` connects it.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
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
            new Publisher(connection, topology, `/herald/${options.service}`),
        },
        {
          provide: JetStreamClient,
          inject: [JetStreamConnection, Publisher],
          useFactory: (connection: JetStreamConnection, publisher: Publisher) => new JetStreamClient(connection, publisher),
        },
        {
          provide: JetStreamServer,
          inject: [JetStreamConnection, Topology, LOGGER, Registry, HealthChecks],
          useFactory: (connection: JetStreamConnection, topology: Topology, logger: Logger, registry: Registry, health: HealthChecks) =>
            new JetStreamServer({
              connection,
              topology,
              logger,
              registry,
              health,
              shutdownGraceMs: options.shutdownGraceMs,
              ...(options.tuning ? { tuning: options.tuning } : {}),
              ...(options.retry ? { retry: options.retry } : {}),
            }),
        },
        ConnectionLifecycle,
      ],
      exports: [JetStreamConnection, Topology, Publisher, JetStreamClient, JetStreamServer],
    };
  }
}

/**
 * Connects the JetStream transport to an initialised app and starts its consumers. Runs
 * after `app.init()`, so caches that handlers read are loaded before the first message;
 * on shutdown Nest closes the transport (consumers finish in-flight work) before the
 * connection drains.
 */
export async function startConsumers(app: INestApplication): Promise<void> {
  app.connectMicroservice({ strategy: app.get(JetStreamServer) });
  await app.startAllMicroservices();
}
