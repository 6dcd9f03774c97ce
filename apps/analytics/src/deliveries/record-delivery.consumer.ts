import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CONSUMERS } from '@herald/contracts';
import { ack, Consumers, type InboundMessage, type Outcome } from '@herald/messaging';
import { DeliveryMetrics } from './delivery-metrics.js';
import { RollupStore } from './rollup-store.js';

export const RECORD_DELIVERY_OPTIONS = Symbol('RECORD_DELIVERY_OPTIONS');

export interface RecordDeliveryOptions {
  readonly batchSize: number;
  readonly concurrency: number;
}

/**
 * Folds delivery outcomes into the hourly rollups, a batch per transaction with
 * the outcome ids in the inbox, then counts the new ones in the metrics. A
 * redelivered outcome changes nothing; a failing batch is retried one by one.
 */
@Injectable()
export class RecordDelivery implements OnModuleInit {
  constructor(
    private readonly consumers: Consumers,
    private readonly store: RollupStore,
    private readonly metrics: DeliveryMetrics,
    @Inject(RECORD_DELIVERY_OPTIONS) private readonly options: RecordDeliveryOptions,
  ) {}

  onModuleInit(): void {
    this.consumers.register(CONSUMERS.analyticsDeliveries, {
      batchSize: this.options.batchSize,
      concurrency: this.options.concurrency,
      handleBatch: (messages) => this.handle(messages),
    });
  }

  private async handle(messages: readonly InboundMessage<'deliveryOutcome'>[]): Promise<Outcome[]> {
    const fresh = await this.store.record(messages.map((m) => m.data));
    for (const outcome of fresh) this.metrics.record(outcome);
    this.metrics.duplicate(messages.length - fresh.length);
    return messages.map(() => ack());
  }
}
