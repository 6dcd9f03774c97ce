import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CONSUMERS } from '@herald/contracts';
import { ack, Consumers, Publisher, type InboundMessage, type Outcome } from '@herald/messaging';
import { counter, Registry } from '@herald/observability';
import { ReceiverRegistry } from '../receivers/receiver-registry.js';
import { matchRoutes } from './domain/index.js';

/**
 * Turns each incident event into one delivery job per matching receiver. The job
 * id (event id + receiver id) is its Nats-Msg-Id, so routing the same event twice
 * enqueues each job once.
 */
@Injectable()
export class RouteIncidentEvent implements OnModuleInit {
  private readonly routed;

  constructor(
    private readonly consumers: Consumers,
    private readonly publisher: Publisher,
    private readonly receivers: ReceiverRegistry,
    registry: Registry,
  ) {
    this.routed = counter(registry, {
      name: 'herald_dispatch_jobs_created_total',
      help: 'Delivery jobs created by routing, by channel',
      labelNames: ['channel'],
    });
  }

  onModuleInit(): void {
    this.consumers.register(CONSUMERS.dispatchRouter, { handle: (m) => this.handle(m), concurrency: 8 });
  }

  private async handle(message: InboundMessage<'incidentEvent'>): Promise<Outcome> {
    const event = message.data;
    for (const target of matchRoutes(this.receivers.route, event)) {
      const receiver = this.receivers.get(target.receiverId);
      if (!receiver?.enabled) continue;
      await this.publisher.publish('deliveryJob', {
        id: `${event.event.id}.${receiver.id}`,
        receiverId: receiver.id,
        channel: receiver.channel,
        createdAt: new Date().toISOString(),
        message: event,
      });
      this.routed.inc({ channel: receiver.channel });
    }
    return ack();
  }
}
