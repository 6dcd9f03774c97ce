import { Controller } from '@nestjs/common';
import { CONSUMERS } from '@herald/contracts';
import { ConsumeBatch, type InboundMessage } from '@herald/messaging';
import { DeliveryMetrics } from './delivery-metrics.js';
import { RollupStore } from './rollup-store.js';

/**
 * Folds delivery outcomes into the hourly rollups, a batch per transaction with
 * the outcome ids in the inbox, then counts the new ones in the metrics. A
 * redelivered outcome changes nothing; a failing batch is retried one by one.
 * Batch size and concurrency come from configuration (the module's tuning).
 */
@Controller()
export class RecordDelivery {
  constructor(
    private readonly store: RollupStore,
    private readonly metrics: DeliveryMetrics,
  ) {}

  @ConsumeBatch(CONSUMERS.analyticsDeliveries, { batchSize: 200, concurrency: 1 })
  async handle(messages: readonly InboundMessage<'deliveryOutcome'>[]): Promise<void> {
    const fresh = await this.store.record(messages.map((m) => m.data));
    for (const outcome of fresh) this.metrics.record(outcome);
    this.metrics.duplicate(messages.length - fresh.length);
  }
}
