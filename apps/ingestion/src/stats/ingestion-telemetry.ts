import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SOURCE_TYPES, type SourceType } from '@herald/contracts';
import { counter, histogram, LOGGER, Registry, type Logger } from '@herald/observability';
import { REJECT_REASONS, type RejectReason } from '../webhooks/ingestion.errors.js';
import { healthReport, type HealthReport, type StatsRow } from './domain/health-report.js';

export const STATS_FLUSH_MS = Symbol('STATS_FLUSH_MS');

/** `unknown`: the request was refused before its integration (so its source) was known. */
const SOURCE_LABELS = [...SOURCE_TYPES, 'unknown'] as const;
type SourceLabel = (typeof SOURCE_LABELS)[number];

export interface RequestOutcome {
  readonly source: SourceType | undefined;
  /** Only ids of existing integrations, so the stats table stays bounded. */
  readonly integrationId: string | undefined;
  readonly seconds: number;
  /** Alerts the request carried (`countAlerts`, read at the door whether or not it was accepted). */
  readonly alerts: number;
}

/** What happened to the alerts a request carried; disjoint, so their sum is every alert sent. */
const ALERT_OUTCOMES = ['accepted', 'duplicate', 'refused'] as const;

/**
 * Requests and the alerts they carry, kept apart because one request may carry many alerts
 * or none: `herald_alert_requests_*` count requests, `herald_ingestion_alerts_total{outcome}`
 * the alerts in them, refused ones included (`herald_alerts_normalised_total` counts what each
 * accepted alert became). Requests are counted twice over: as Prometheus
 * metrics (this process, since start) and as rows in PostgreSQL for `GET /v1/integrations/health`
 * (all replicas, surviving restarts). Rows are written as batched increments every
 * few seconds and at shutdown, never on the request path.
 */
@Injectable()
export class IngestionTelemetry implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly metrics;
  private pending = new Map<string, StatsRow>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    registry: Registry,
    private readonly dataSource: DataSource,
    @Inject(STATS_FLUSH_MS) private readonly flushMs: number,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.metrics = {
      received: counter(registry, { name: 'herald_alert_requests_total', help: 'Requests to the alert endpoints, by source', labelNames: ['source'] }),
      accepted: counter(registry, {
        name: 'herald_alert_requests_accepted_total',
        help: 'Alert requests stored in JetStream (answered 2xx after the PubAck), by source',
        labelNames: ['source'],
      }),
      rejected: counter(registry, {
        name: 'herald_alert_requests_rejected_total',
        help: 'Alert requests refused, by source and reason; nothing was published for them',
        labelNames: ['source', 'reason'],
      }),
      duplicates: counter(registry, {
        name: 'herald_alert_requests_duplicate_total',
        help: 'Accepted requests whose idempotency key JetStream had already stored (retries absorbed)',
        labelNames: ['source'],
      }),
      alerts: counter(registry, {
        name: 'herald_ingestion_alerts_total',
        help: 'Alerts carried by alert requests, by source and outcome (accepted, duplicate: a retry already stored, refused)',
        labelNames: ['source', 'outcome'],
      }),
      duration: histogram(registry, {
        name: 'herald_ingestion_request_duration_seconds',
        help: 'Time to answer an alert request (including the JetStream PubAck when accepted)',
        labelNames: ['source', 'outcome'],
        buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      }),
    };
    for (const source of SOURCE_LABELS) {
      this.metrics.received.inc({ source }, 0);
      this.metrics.accepted.inc({ source }, 0);
      this.metrics.duplicates.inc({ source }, 0);
      for (const outcome of ALERT_OUTCOMES) this.metrics.alerts.inc({ source, outcome }, 0);
      for (const reason of REJECT_REASONS) this.metrics.rejected.inc({ source, reason }, 0);
      for (const outcome of ['accepted', 'rejected']) this.metrics.duration.zero({ source, outcome });
    }
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.flush(), this.flushMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  accepted(outcome: RequestOutcome & { duplicate: boolean }): void {
    const source = label(outcome.source);
    this.metrics.received.inc({ source });
    this.metrics.accepted.inc({ source });
    if (outcome.duplicate) this.metrics.duplicates.inc({ source });
    this.metrics.alerts.inc({ source, outcome: outcome.duplicate ? 'duplicate' : 'accepted' }, outcome.alerts);
    this.metrics.duration.observe({ source, outcome: 'accepted' }, outcome.seconds);
    this.count(outcome, 'accepted');
  }

  rejected(outcome: RequestOutcome & { reason: RejectReason }): void {
    const source = label(outcome.source);
    this.metrics.received.inc({ source });
    this.metrics.rejected.inc({ source, reason: outcome.reason });
    this.metrics.alerts.inc({ source, outcome: 'refused' }, outcome.alerts);
    this.metrics.duration.observe({ source, outcome: 'rejected' }, outcome.seconds);
    this.count(outcome, outcome.reason);
  }

  /**
   * Stored counts of every replica, plus what this replica has not written yet. Queued
   * behind any running flush, so a batch on its way is counted once, never zero or twice.
   */
  report(): Promise<HealthReport> {
    const read = this.flushing.then(async () => {
      const rows = await this.dataSource.query<Array<{ integration_id: string; source: string; outcome: string; requests: string; duration_seconds_sum: number }>>(
        'SELECT integration_id, source, outcome, requests, duration_seconds_sum FROM ingestion_stats',
      );
      return healthReport([
        ...rows.map((r) => ({
          integrationId: r.integration_id,
          source: r.source,
          outcome: r.outcome,
          requests: Number(r.requests),
          durationSecondsSum: Number(r.duration_seconds_sum),
        })),
        ...this.pending.values(),
      ]);
    });
    this.flushing = read.then(
      () => undefined,
      () => undefined,
    );
    return read;
  }

  /** Writes the pending increments; on failure they are kept for the next attempt. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.pending.size === 0) return;
      const batch = [...this.pending.values()];
      this.pending = new Map();
      try {
        const params: unknown[] = [];
        const values = batch.map((row, i) => {
          params.push(row.integrationId, row.source, row.outcome, row.requests, row.durationSecondsSum);
          const n = i * 5;
          return `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5})`;
        });
        await this.dataSource.query(
          `INSERT INTO ingestion_stats (integration_id, source, outcome, requests, duration_seconds_sum)
           VALUES ${values.join(', ')}
           ON CONFLICT (integration_id, source, outcome) DO UPDATE SET
             requests = ingestion_stats.requests + excluded.requests,
             duration_seconds_sum = ingestion_stats.duration_seconds_sum + excluded.duration_seconds_sum,
             updated_at = now()`,
          params,
        );
      } catch (error) {
        for (const row of batch) this.merge(row);
        this.logger.warn({ err: error, rows: batch.length }, 'ingestion stats not written; will retry');
      }
    });
    return this.flushing;
  }

  private count(outcome: RequestOutcome, result: string): void {
    this.merge({ integrationId: outcome.integrationId ?? '', source: label(outcome.source), outcome: result, requests: 1, durationSecondsSum: outcome.seconds });
  }

  private merge(row: StatsRow): void {
    const key = `${row.integrationId}\u0000${row.source}\u0000${row.outcome}`;
    const current = this.pending.get(key);
    this.pending.set(
      key,
      current ? { ...current, requests: current.requests + row.requests, durationSecondsSum: current.durationSecondsSum + row.durationSecondsSum } : row,
    );
  }
}

function label(source: SourceType | undefined): SourceLabel {
  return source ?? 'unknown';
}
