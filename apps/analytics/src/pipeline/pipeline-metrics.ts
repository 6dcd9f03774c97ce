import { Inject, Injectable } from '@nestjs/common';
import { CONSUMERS, STREAM_NAMES } from '@herald/contracts';
import { JetStreamConnection, JetStreamMetrics, Topology } from '@herald/messaging';
import { gauge, LOGGER, Registry, type Logger } from '@herald/observability';

/**
 * JetStream gauges (pending, ack-pending, redelivered per consumer; messages per
 * stream; DLQ per stage) for every Herald consumer of the namespace, read on scrape.
 * Analytics reports them for the whole pipeline, so other services need not.
 */
@Injectable()
export class PipelineMetrics {
  readonly collector: JetStreamMetrics;

  constructor(connection: JetStreamConnection, topology: Topology, registry: Registry, @Inject(LOGGER) logger: Logger) {
    const consumers = Object.values(CONSUMERS);
    this.collector = new JetStreamMetrics({
      connection,
      topology,
      registry,
      logger,
      consumers,
      streams: STREAM_NAMES,
      dlqStages: [...new Set(consumers.map((c) => c.stage))].sort(),
    });
    this.accountStorage(connection, registry, logger);
  }

  /**
   * The JetStream account's storage, used and allowed, by kind (file, memory): at the limit
   * every publish fails. A limit of -1 means the account has none of its own.
   */
  private accountStorage(connection: JetStreamConnection, registry: Registry, logger: Logger): void {
    let reading: Promise<void> | undefined;
    let lastReadAt = 0;
    const refresh = (): Promise<void> => {
      if (reading) return reading;
      if (Date.now() - lastReadAt < 1_000) return Promise.resolve();
      reading = connection.jsm
        .getAccountInfo()
        .then((info) => {
          used.set({ storage: 'file' }, info.storage);
          used.set({ storage: 'memory' }, info.memory);
          limit.set({ storage: 'file' }, info.limits.max_storage);
          limit.set({ storage: 'memory' }, info.limits.max_memory);
        })
        // Keep the last values: a scrape must not fail because NATS blinked.
        .catch((error: unknown) => logger.warn({ err: error }, 'could not read JetStream account info'))
        .finally(() => {
          lastReadAt = Date.now();
          reading = undefined;
        });
      return reading;
    };
    const used = gauge(registry, { name: 'herald_jetstream_account_storage_bytes', help: 'Bytes the JetStream account holds, by storage kind', labelNames: ['storage'], collect: refresh });
    const limit = gauge(registry, {
      name: 'herald_jetstream_account_storage_limit_bytes',
      help: "The JetStream account's storage limit in bytes, by storage kind (-1: no limit of its own)",
      labelNames: ['storage'],
      collect: refresh,
    });
  }
}
