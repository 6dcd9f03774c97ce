import { Injectable } from '@nestjs/common';
import type { SourceType } from '@herald/contracts';
import { IngestionError, type RefusedFor } from '../webhooks/ingestion.errors.js';
import { type Integration } from './domain/integration.js';
import { hashIntegrationKey, keyMatches } from './domain/integration-key.js';
import { IntegrationDirectory } from './integration-directory.js';

/** How a request names its integration: in the path, or by its key alone (Prometheus, PagerDuty). */
export type IntegrationRef = { readonly by: 'id'; readonly id: string } | { readonly by: 'key'; readonly source: SourceType };

/**
 * Finds the integration a request is for and checks the key it presented: 404 for an unknown
 * integration, 401 for a missing or wrong key, 503 while the integration store is away. Shared
 * by the alert endpoints and the heartbeat endpoint, so a key works the same way at both.
 */
@Injectable()
export class IntegrationAuthenticator {
  constructor(private readonly directory: IntegrationDirectory) {}

  async authenticate(ref: IntegrationRef, key: string | undefined): Promise<Integration> {
    if (ref.by === 'id') {
      const integration = await this.lookup(() => this.directory.findById(ref.id), {});
      if (!integration) throw new IngestionError('INTEGRATION_NOT_FOUND', `no integration "${ref.id}"`);
      const known = { refusedFor: refusedFor(integration) };
      if (!key) throw new IngestionError('UNAUTHENTICATED', 'missing key: send Authorization: Bearer <key>, X-Webhook-Secret, or ?key=<key> in the URL', {}, known);
      if (!keyMatches(key, integration.keyHash)) throw new IngestionError('UNAUTHENTICATED', 'invalid key', {}, known);
      return integration;
    }
    const refused = { source: ref.source };
    if (!key) {
      const how = ref.source === 'pagerduty' ? 'routing_key' : 'Authorization: Bearer <key> or X-Webhook-Secret';
      throw new IngestionError('UNAUTHENTICATED', `missing key: send ${how}`, {}, { refusedFor: refused });
    }
    // Found by the key's SHA-256 through a unique index: no comparison of secrets to time.
    const integration = await this.lookup(() => this.directory.findByKeyHash(hashIntegrationKey(key)), refused);
    if (!integration || integration.source !== ref.source) {
      throw new IngestionError('UNAUTHENTICATED', `invalid key: it belongs to no ${ref.source} integration`, {}, { refusedFor: refused });
    }
    return integration;
  }

  /** The integration store being down is the server's problem, and temporary: 503, retry. */
  private async lookup(find: () => Promise<Integration | null>, refused: RefusedFor): Promise<Integration | null> {
    try {
      return await find();
    } catch (error) {
      throw new IngestionError('UNAVAILABLE', 'request not accepted: the integration store is unavailable, retry later', { retryAfterSeconds: 5 }, { cause: error, refusedFor: refused });
    }
  }
}

/** What the refusal metrics may name: a heartbeat is not an alert source, so only its id. */
export function refusedFor(integration: Integration): RefusedFor {
  return integration.source === 'heartbeat' ? { integrationId: integration.id } : { source: integration.source, integrationId: integration.id };
}
