import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CONSUMERS, SOURCE_TYPES } from '@herald/contracts';
import { ack, Consumers, deadLetter, Publisher, type InboundMessage, type Outcome } from '@herald/messaging';
import { counter, LOGGER, Registry, type Logger } from '@herald/observability';
import { deterministicUuid, normalise } from '@herald/sources';

export const NORMALISATION_CONCURRENCY = Symbol('NORMALISATION_CONCURRENCY');

/**
 * Turns each accepted raw alert into canonical alerts. Ids derive from the raw
 * envelope id, so a redelivered envelope republishes the same ids and JetStream
 * deduplicates them: normalisation is idempotent.
 */
@Injectable()
export class NormaliseRawAlert implements OnModuleInit {
  private readonly alerts;

  constructor(
    private readonly consumers: Consumers,
    private readonly publisher: Publisher,
    @Inject(LOGGER) private readonly logger: Logger,
    registry: Registry,
    @Inject(NORMALISATION_CONCURRENCY) private readonly concurrency: number,
  ) {
    this.alerts = counter(registry, {
      name: 'herald_alerts_normalised_total',
      help: 'Canonical alerts produced, by source and action',
      labelNames: ['source', 'action'],
    });
    for (const source of SOURCE_TYPES) for (const action of ['trigger', 'acknowledge', 'resolve']) this.alerts.inc({ source, action }, 0);
  }

  onModuleInit(): void {
    this.consumers.register(CONSUMERS.normalisation, { handle: (m) => this.handle(m), concurrency: this.concurrency });
  }

  private async handle(message: InboundMessage<'rawAlert'>): Promise<Outcome> {
    const raw = message.data;
    const result = normalise(raw.source, raw.body, {
      rawId: raw.id,
      integrationId: raw.integrationId,
      receivedAt: raw.receivedAt,
      headers: raw.headers,
      makeId: (index) => deterministicUuid(`${raw.id}/${index}`),
    });
    if (!result.ok) {
      // Ingestion validated this body; failing here means the two disagree. Keep it in the DLQ.
      return deadLetter(`not normalisable: ${result.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    }
    for (const alert of result.alerts) {
      await this.publisher.publish('canonicalAlert', alert);
      this.alerts.inc({ source: alert.source, action: alert.action });
    }
    if (result.notice) this.logger.info({ notice: result.notice.kind, integrationId: raw.integrationId }, 'source notice');
    return ack();
  }
}
