import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { classifyFailure, Publisher } from '@herald/messaging';
import { type Integration } from '../integrations/domain/integration.js';
import { IntegrationAuthenticator } from '../integrations/integration-authenticator.js';
import { IngestionError } from '../webhooks/ingestion.errors.js';
import { RateLimiter } from '../webhooks/rate-limiter.js';
import { decideHeartbeat, type HeartbeatState } from './domain/heartbeat.js';
import { heartbeatAlert, type HeartbeatSubject } from './domain/heartbeat-alert.js';
import { HeartbeatMetrics } from './heartbeat-metrics.js';
import { HeartbeatStore } from './heartbeat-store.js';

export interface RecordedPing {
  readonly status: HeartbeatState['status'];
  /** True when this ping resolved a missed heartbeat's incident. */
  readonly resolved: boolean;
}

/**
 * One ping of a heartbeat integration: authenticated like an alert (404, 401, 403, 429), then
 * recorded in one transaction; if it ends a miss, the resolving alert is published (PubAck)
 * before the commit. Resolves only once both are durable, so a 2xx is never a lost ping or a
 * lost resolve; a failure rolls back and answers 503, and the sender's next ping does it again.
 */
@Injectable()
export class RecordPing {
  constructor(
    private readonly authenticator: IntegrationAuthenticator,
    private readonly rateLimiter: RateLimiter,
    private readonly store: HeartbeatStore,
    private readonly publisher: Publisher,
    private readonly metrics: HeartbeatMetrics,
  ) {}

  async execute(integrationId: string, key: string | undefined, now = Date.now()): Promise<RecordedPing> {
    const integration = await this.authenticator.authenticate({ by: 'id', id: integrationId }, key);
    const refusedFor = { integrationId: integration.id };
    const subject = heartbeatSubject(integration);
    if (!subject) {
      throw new IngestionError('INTEGRATION_NOT_FOUND', `integration "${integration.id}" is not a heartbeat: it takes alerts at /v1/webhooks/${integration.id}`, {}, { refusedFor });
    }
    if (!integration.enabled) throw new IngestionError('INTEGRATION_DISABLED', `integration "${integration.id}" is disabled`, {}, { refusedFor });
    const rate = this.rateLimiter.take(integration.id, integration.rateLimitPerMinute);
    if (!rate.allowed) {
      throw new IngestionError(
        'RATE_LIMITED',
        `integration "${integration.id}" is limited to ${integration.rateLimitPerMinute} requests a minute; retry later`,
        { retryAfterSeconds: rate.retryAfterSeconds },
        { refusedFor },
      );
    }
    try {
      const recorded = await this.store.transaction(async (manager) => {
        const decision = decideHeartbeat(await this.store.lockForPing(manager, integration.id), { type: 'ping', at: now }, subject.timing);
        // Published inside the transaction: if the commit then fails, the next ping publishes the same id, which JetStream drops.
        if (decision.effect.kind !== 'none') await this.publisher.publish('canonicalAlerts', { alerts: [heartbeatAlert(subject, decision.effect, now)] });
        await this.store.save(manager, integration.id, decision.state);
        return { status: decision.state.status, resolved: decision.effect.kind === 'resolve' };
      });
      this.metrics.pinged(integration.id);
      return recorded;
    } catch (error) {
      // Deleted between the look-up and the write.
      if (error instanceof QueryFailedError && (error.driverError as { code?: string } | undefined)?.code === '23503') {
        throw new IngestionError('INTEGRATION_NOT_FOUND', `no integration "${integration.id}"`, {}, { cause: error });
      }
      if (classifyFailure(error) === 'transient') {
        throw new IngestionError('UNAVAILABLE', 'ping not recorded: the database or the message broker is unavailable, retry later', { retryAfterSeconds: 5 }, { cause: error, refusedFor });
      }
      throw error;
    }
  }
}

/** What a heartbeat's announcements need to know of its integration; undefined for an integration that is not a heartbeat. */
export function heartbeatSubject(integration: Integration): HeartbeatSubject | undefined {
  if (integration.source !== 'heartbeat' || !integration.heartbeat) return undefined;
  return {
    id: integration.id,
    createdAt: integration.createdAt.getTime(),
    name: integration.name,
    timing: integration.heartbeat,
    severityMap: integration.severityMap,
    dedupScope: integration.dedupScope,
  };
}
