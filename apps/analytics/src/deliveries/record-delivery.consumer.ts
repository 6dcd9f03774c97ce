import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CONSUMERS } from '@herald/contracts';
import { ack, Consumers, type InboundMessage, type Outcome } from '@herald/messaging';
import { Registry } from '@herald/observability';
import { DeliveryMetrics } from './delivery-metrics.js';

export const ANALYTICS_CONCURRENCY = Symbol('ANALYTICS_CONCURRENCY');

/** Folds every delivery outcome into the analytics metrics. */
@Injectable()
export class RecordDelivery implements OnModuleInit {
  private readonly metrics: DeliveryMetrics;
  private readonly seen = new Set<string>();

  constructor(
    private readonly consumers: Consumers,
    registry: Registry,
    @Inject(ANALYTICS_CONCURRENCY) private readonly concurrency: number,
  ) {
    this.metrics = new DeliveryMetrics(registry);
  }

  onModuleInit(): void {
    this.consumers.register(CONSUMERS.analyticsDeliveries, { handle: (m) => this.handle(m), concurrency: this.concurrency });
  }

  private async handle(message: InboundMessage<'deliveryOutcome'>): Promise<Outcome> {
    const outcome = message.data;
    const key = `${outcome.receiverId}/${outcome.channel}`;
    if (!this.seen.has(key)) {
      this.seen.add(key);
      this.metrics.knowReceiver(outcome.receiverId, outcome.channel);
    }
    this.metrics.record(outcome);
    return ack();
  }
}
