import { Inject, Injectable } from '@nestjs/common';
import { SOURCE_TYPES, type CanonicalAlert, type SourceType } from '@herald/contracts';
import { counter, LOGGER, Registry, type Logger } from '@herald/observability';
import type { SourceNotice } from '@herald/sources';
import { IngestionError } from '../webhooks/ingestion.errors.js';
import { SnsConfirmer } from './sns-confirmer.js';

/** A refused SNS confirmation is worth SNS's retry (it retries a 5xx), this much later. */
const SNS_RETRY_SECONDS = 30;

/**
 * What normalisation at the door adds to a request: counts of the canonical alerts it made,
 * and the notices a source carries besides alerts (an SNS subscription to confirm), acted on
 * before the request is answered, so a failure is the sender's to retry.
 */
@Injectable()
export class NormalisedAlerts {
  private readonly alerts;
  private readonly empty;
  private readonly confirmations;

  constructor(
    private readonly sns: SnsConfirmer,
    @Inject(LOGGER) private readonly logger: Logger,
    registry: Registry,
  ) {
    this.alerts = counter(registry, {
      name: 'herald_alerts_normalised_total',
      help: 'Canonical alerts produced, by source and action',
      labelNames: ['source', 'action'],
    });
    this.empty = counter(registry, {
      name: 'herald_raw_alerts_without_alerts_total',
      help: 'Accepted requests that meant no alert (e.g. a successful GitHub run never failed, an SNS confirmation), by source',
      labelNames: ['source'],
    });
    this.confirmations = counter(registry, {
      name: 'herald_sns_subscription_confirmations_total',
      help: 'AWS SNS subscription confirmations, by outcome (skipped: auto-confirm is off)',
      labelNames: ['outcome'],
    });
    for (const source of SOURCE_TYPES) {
      this.empty.inc({ source }, 0);
      for (const action of ['trigger', 'acknowledge', 'resolve']) this.alerts.inc({ source, action }, 0);
    }
    for (const outcome of ['confirmed', 'failed', 'skipped']) this.confirmations.inc({ outcome }, 0);
  }

  /** Counts a request's alerts: `fresh` are those it added to ALERTS (a retry's duplicates count once). */
  published(source: SourceType, made: number, fresh: readonly CanonicalAlert[]): void {
    if (made === 0) this.empty.inc({ source });
    for (const alert of fresh) this.alerts.inc({ source: alert.source, action: alert.action });
  }

  /** Acts on a source's notice; an SNS confirmation that failed is a 503 for SNS to retry. */
  async act(notice: SourceNotice, source: SourceType, integrationId: string): Promise<void> {
    const confirmation = await this.sns.confirm(notice.subscribeUrl);
    this.confirmations.inc({ outcome: confirmation.outcome });
    const facts = { integrationId, topicArn: notice.topicArn };
    switch (confirmation.outcome) {
      case 'confirmed':
        this.logger.info(facts, 'confirmed the SNS subscription');
        return;
      case 'skipped':
        this.logger.warn({ ...facts, subscribeUrl: notice.subscribeUrl }, 'SNS subscription awaits confirmation: visit subscribeUrl (INGESTION_SNS_AUTO_CONFIRM is off)');
        return;
      case 'failed':
        this.logger.warn({ ...facts, reason: confirmation.reason }, 'SNS subscription not confirmed; SNS will retry');
        throw new IngestionError(
          'UNAVAILABLE',
          `could not confirm the SNS subscription (${confirmation.reason}); retry later`,
          { retryAfterSeconds: SNS_RETRY_SECONDS },
          { refusedFor: { source, integrationId } },
        );
    }
  }
}
