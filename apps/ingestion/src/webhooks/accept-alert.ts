import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { RawAlertEnvelope, SourceType } from '@herald/contracts';
import { Publisher } from '@herald/messaging';
import { validateBody } from '@herald/sources';
import { keyMatches } from '../integrations/domain/integration-key.js';
import { IntegrationsService } from '../integrations/integrations.service.js';
import { IngestionError } from './ingestion.errors.js';
import { forwardedHeaders } from './forwarded-headers.js';

export interface IncomingAlert {
  readonly integrationId: string;
  readonly key: string | undefined;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: unknown;
  readonly idempotencyKey?: string;
}

export interface AcceptedAlert {
  readonly id: string;
  readonly source: SourceType;
  /** True when JetStream already had this idempotency key: the retry was absorbed. */
  readonly duplicate: boolean;
}

/**
 * Authenticates, validates and durably accepts one alert request. Resolves only
 * after JetStream has stored the envelope, so a 202 never loses an alert.
 */
@Injectable()
export class AcceptAlert {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly publisher: Publisher,
  ) {}

  async execute(incoming: IncomingAlert): Promise<AcceptedAlert> {
    const integration = await this.integrations.findById(incoming.integrationId);
    if (!integration) throw new IngestionError('INTEGRATION_NOT_FOUND', `no integration "${incoming.integrationId}"`);
    if (!incoming.key) throw new IngestionError('UNAUTHENTICATED', 'missing key: send Authorization: Bearer <key> or X-Webhook-Secret');
    if (!keyMatches(incoming.key, integration.keyHash)) throw new IngestionError('UNAUTHENTICATED', 'invalid key');
    if (!integration.enabled) throw new IngestionError('INTEGRATION_DISABLED', `integration "${integration.id}" is disabled`);
    const source = integration.source as SourceType;
    const validation = validateBody(source, incoming.body);
    if (!validation.ok) {
      throw new IngestionError('INVALID_BODY', `invalid ${source} payload: ${validation.errors.map((e) => e.path || '(body)').join(', ')}`, {
        errors: validation.errors,
      });
    }
    const envelope: RawAlertEnvelope = {
      id: randomUUID(),
      integrationId: integration.id,
      source,
      receivedAt: new Date().toISOString(),
      headers: forwardedHeaders(incoming.headers),
      body: incoming.body,
      ...(incoming.idempotencyKey ? { idempotencyKey: incoming.idempotencyKey } : {}),
    };
    try {
      const ack = await this.publisher.publish('rawAlert', envelope);
      return { id: envelope.id, source, duplicate: ack.duplicate };
    } catch (error) {
      throw new IngestionError('UNAVAILABLE', 'alert not accepted: the message broker is unavailable, retry later', { retryAfterSeconds: 5 }, { cause: error });
    }
  }
}
