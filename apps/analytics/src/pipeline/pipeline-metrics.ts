import { Inject, Injectable } from '@nestjs/common';
import { CONSUMERS, STREAM_NAMES } from '@herald/contracts';
import { JetStreamConnection, JetStreamMetrics, Topology } from '@herald/messaging';
import { LOGGER, Registry, type Logger } from '@herald/observability';

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
  }
}
