import { Controller } from '@nestjs/common';
import { CONSUMERS } from '@herald/contracts';
import { ConsumeBatch, type InboundMessage } from '@herald/messaging';
import { DeliveryMetrics } from './delivery-metrics.js';
import { RollupStore } from './rollup-store.js';

/**
 * Folds delivery outcomes into the hourly rollups, a batch per transaction with
 * the outcome ids in the inbox, then counts the new ones in the metrics. Each
 * message carries many outcomes (one message per dispatch commit, kind and
 * receiver); the inbox holds outcome ids, not message ids, so an outcome that
 * arrives again, alone or in another message, changes nothing. A failing batch
 * is retried one message at a time.
 * Batch size and concurrency come from configuration (the module's tuning).
 */
@Controller()
export class RecordDelivery {
  constructor(
    private readonly store: RollupStore,
    private readonly metrics: DeliveryMetrics,
  ) {}

  // Off the alert's path: a batch waits up to 100 ms for more outcome messages, so a storm's
  // outcomes (a message per dispatch flush) cost a statement per tenth of a second, not per message.
  @ConsumeBatch(CONSUMERS.analyticsDeliveries, { batchSize: 200, concurrency: 1, gatherMs: 100 })
  async handle(messages: readonly InboundMessage<'deliveryOutcomes'>[]): Promise<void> {
    const outcomes = messages.flatMap((m) => m.data.outcomes);
    const fresh = await this.store.record(outcomes);
    for (const outcome of fresh) this.metrics.record(outcome);
    this.metrics.duplicate(outcomes.length - fresh.length);
  }
}
