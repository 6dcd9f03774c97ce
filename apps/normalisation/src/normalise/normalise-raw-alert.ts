import { Controller, Inject } from '@nestjs/common';
import { CONSUMERS, SOURCE_TYPES, type CanonicalAlert, type RawAlertEnvelope } from '@herald/contracts';
import { ack, ConsumeBatch, deadLetter, JetStreamClient, retryAfter, type InboundMessage, type Outcome } from '@herald/messaging';
import { counter, LOGGER, Registry, type Logger } from '@herald/observability';
import { deterministicUuid, normalise, type SourceNotice } from '@herald/sources';
import { SnsConfirmer } from '../sns/sns-confirmer.js';

/** A failed SNS confirmation is retried this much later (the consumer's attempt cap applies). */
const SNS_RETRY_MS = 30_000;

type Normalised = { readonly ok: true; readonly alerts: readonly CanonicalAlert[]; readonly notice: SourceNotice | undefined } | { readonly ok: false; readonly reason: string };

/** The pure step: one raw envelope to its canonical alerts, ids derived from the envelope's. */
function normaliseEnvelope(raw: RawAlertEnvelope): Normalised {
  const result = normalise(raw.source, raw.body, {
    rawId: raw.id,
    integrationId: raw.integrationId,
    receivedAt: raw.receivedAt,
    headers: raw.headers,
    makeId: (index) => deterministicUuid(`${raw.id}/${index}`),
    ...(raw.severityMap ? { severityMap: raw.severityMap } : {}),
    // Dedup keys are scoped to their integration unless it opted in to sharing them.
    ...(raw.dedupScope ? { dedupScope: raw.dedupScope } : {}),
  });
  if (!result.ok) return { ok: false, reason: `not normalisable: ${result.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}` };
  return { ok: true, alerts: result.alerts, notice: result.notice };
}

/**
 * Turns accepted raw alerts into canonical alerts, a batch at a time: normalise each
 * envelope, publish every resulting alert at once (pipelined), then settle. Ids derive
 * from the raw envelope id, so a redelivered envelope republishes the same ids and
 * JetStream deduplicates them: normalisation is idempotent.
 */
@Controller()
export class NormaliseRawAlert {
  private readonly alerts;
  private readonly empty;
  private readonly confirmations;

  constructor(
    private readonly client: JetStreamClient,
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

  @ConsumeBatch(CONSUMERS.normalisation, { batchSize: 64, concurrency: 1 })
  async handle(messages: readonly InboundMessage<'rawAlert'>[]): Promise<readonly Outcome[]> {
    const results = messages.map((m) => normaliseEnvelope(m.data));
    // Ingestion validated these bodies; failing here means the two disagree. Keep it in the DLQ.
    const alerts = results.flatMap((r) => (r.ok ? r.alerts : []));
    await this.client.publishEvents(alerts.map((payload) => ({ kind: 'canonicalAlert' as const, payload })));
    for (const alert of alerts) this.alerts.inc({ source: alert.source, action: alert.action });
    return Promise.all(
      results.map(async (result, i) => {
        if (!result.ok) return deadLetter(result.reason);
        const raw = messages[i]!.data;
        if (result.alerts.length === 0) this.empty.inc({ source: raw.source });
        return result.notice ? this.act(result.notice, raw.integrationId) : ack();
      }),
    );
  }

  private async act(notice: SourceNotice, integrationId: string): Promise<Outcome> {
    const confirmation = await this.sns.confirm(notice.subscribeUrl);
    this.confirmations.inc({ outcome: confirmation.outcome });
    const facts = { integrationId, topicArn: notice.topicArn };
    switch (confirmation.outcome) {
      case 'confirmed':
        this.logger.info(facts, 'confirmed the SNS subscription');
        return ack();
      case 'skipped':
        this.logger.warn({ ...facts, subscribeUrl: notice.subscribeUrl }, 'SNS subscription awaits confirmation: visit subscribeUrl (NORMALISATION_SNS_AUTO_CONFIRM is off)');
        return ack();
      case 'failed':
        this.logger.warn({ ...facts, reason: confirmation.reason }, 'SNS subscription not confirmed; will retry');
        return retryAfter(SNS_RETRY_MS, confirmation.reason);
    }
  }
}
