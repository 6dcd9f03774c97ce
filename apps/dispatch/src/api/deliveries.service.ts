import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DispatchError } from '../receivers/domain/dispatch.errors.js';
import { ReplayNotification, type Replayed } from '../routing/replay-notification.js';
import type { DeliveryListQuery, RetryFailedQuery } from './deliveries.query.js';

export interface DeliverySummary {
  readonly jobId: string;
  readonly receiverId: string;
  readonly channel: string;
  readonly incidentId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly status: string;
  readonly attempts: number;
  readonly kind: string | null;
  readonly replayOf: string | null;
  readonly createdAt: string;
  readonly firstAttemptAt: string | null;
  readonly lastAttemptAt: string | null;
  readonly nextAttemptAt: string | null;
  readonly lastStatusCode: number | null;
  readonly lastErrorClass: string | null;
}

interface SummaryRow {
  job_id: string;
  receiver_id: string;
  channel: string;
  incident_id: string;
  event_id: string;
  event_type: string;
  status: string;
  attempts: number;
  kind: string | null;
  root_job_id: string | null;
  job_created_at: Date;
  first_attempt_at: Date | null;
  last_attempt_at: Date | null;
  next_attempt_at: Date | null;
  last_status_code: number | null;
  last_error_class: string | null;
}

interface AttemptRow {
  attempt: number;
  outcome: string;
  status_code: number | null;
  status_class: string;
  error_class: string | null;
  error_detail: string | null;
  request: unknown;
  response_headers: unknown;
  response_excerpt: string | null;
  duration_ms: number;
  attempted_at: Date;
  next_attempt_at: Date | null;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

function summary(r: SummaryRow): DeliverySummary {
  return {
    jobId: r.job_id,
    receiverId: r.receiver_id,
    channel: r.channel,
    incidentId: r.incident_id,
    eventId: r.event_id,
    eventType: r.event_type,
    status: r.status,
    attempts: r.attempts,
    kind: r.kind,
    replayOf: r.kind === 'replay' ? r.root_job_id : null,
    createdAt: r.job_created_at.toISOString(),
    firstAttemptAt: iso(r.first_attempt_at),
    lastAttemptAt: iso(r.last_attempt_at),
    nextAttemptAt: iso(r.next_attempt_at),
    lastStatusCode: r.last_status_code,
    lastErrorClass: r.last_error_class,
  };
}

const SUMMARY_COLUMNS = `d.job_id, d.receiver_id, d.channel, d.incident_id, d.event_id, d.event_type, d.status, d.attempts,
  n.kind, n.root_job_id, d.job_created_at, d.first_attempt_at, d.last_attempt_at, d.next_attempt_at, d.last_status_code, d.last_error_class`;

/**
 * The deliveries API over the delivery log (`deliveries`, `delivery_attempts`, written by the
 * sender) and the notification log (jobs created, replays): list, show with attempts,
 * replay one, retry every failed or dead delivery of a receiver.
 */
@Injectable()
export class DeliveriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly replays: ReplayNotification,
  ) {}

  async list(q: DeliveryListQuery): Promise<{ items: DeliverySummary[]; next: string | null }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: (p: string) => string, value: unknown): void => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    if (q.receiver) add((p) => `d.receiver_id = ${p}`, q.receiver);
    if (q.status) add((p) => `d.status = ${p}`, q.status);
    if (q.incident) add((p) => `d.incident_id = ${p}`, q.incident);
    if (q.since) add((p) => `d.last_attempt_at >= ${p}`, new Date(q.since));
    if (q.until) add((p) => `d.last_attempt_at < ${p}`, new Date(q.until));
    params.push(q.limit + 1);
    const rows = await this.dataSource.query<SummaryRow[]>(
      `SELECT ${SUMMARY_COLUMNS} FROM deliveries d LEFT JOIN notification_log n ON n.job_id = d.job_id
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY d.last_attempt_at DESC, d.job_id DESC LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, q.limit).map(summary);
    return { items, next: rows.length > q.limit ? (items[items.length - 1]?.lastAttemptAt ?? null) : null };
  }

  /** One delivery with every attempt; a job published but not yet attempted shows as `pending`. */
  async get(jobId: string): Promise<Omit<DeliverySummary, 'attempts'> & { attemptCount: number; attempts: unknown[]; replays: unknown[]; muted: unknown }> {
    const rows = await this.dataSource.query<Array<SummaryRow & { muted_by: string | null; muted_id: string | null }>>(
      `SELECT ${SUMMARY_COLUMNS}, n.muted_by, n.muted_id FROM deliveries d LEFT JOIN notification_log n ON n.job_id = d.job_id WHERE d.job_id = $1
       UNION ALL
       SELECT n.job_id, n.receiver_id, n.channel, n.incident_id, n.event_id, n.job->'message'->'event'->>'type', 'pending', 0,
         n.kind, n.root_job_id, n.created_at, NULL, NULL, NULL, NULL, NULL, n.muted_by, n.muted_id
       FROM notification_log n WHERE n.job_id = $1 AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.job_id = n.job_id)`,
      [jobId],
    );
    const row = rows[0];
    if (!row) throw DispatchError.notFound('delivery', jobId);
    const attempts = await this.dataSource.query<AttemptRow[]>(
      `SELECT attempt, outcome, status_code, status_class, error_class, error_detail, request, response_headers, response_excerpt,
         duration_ms, attempted_at, next_attempt_at FROM delivery_attempts WHERE job_id = $1 ORDER BY attempt`,
      [jobId],
    );
    const root = row.root_job_id ?? jobId;
    const replays = await this.dataSource.query<Array<{ job_id: string; created_at: Date; status: string }>>(
      `SELECT n.job_id, n.created_at, coalesce(d.status, 'pending') AS status FROM notification_log n
       LEFT JOIN deliveries d ON d.job_id = n.job_id WHERE n.root_job_id = $1 AND n.kind = 'replay' ORDER BY n.created_at`,
      [root],
    );
    const { attempts: attemptCount, ...rest } = summary(row);
    return {
      ...rest,
      attemptCount,
      muted: row.muted_by ? { by: row.muted_by, id: row.muted_id } : null,
      attempts: attempts.map((a) => ({
        attempt: a.attempt,
        outcome: a.outcome,
        statusCode: a.status_code,
        statusClass: a.status_class,
        errorClass: a.error_class,
        errorDetail: a.error_detail,
        request: a.request,
        responseHeaders: a.response_headers,
        responseExcerpt: a.response_excerpt,
        durationMs: a.duration_ms,
        attemptedAt: a.attempted_at.toISOString(),
        nextAttemptAt: iso(a.next_attempt_at),
      })),
      replays: replays.map((r) => ({ jobId: r.job_id, createdAt: r.created_at.toISOString(), status: r.status })),
    };
  }

  async replay(jobId: string): Promise<Replayed> {
    return this.replays.replay(jobId);
  }

  /**
   * Replays every delivery of the receiver that ended failed or dead within the window and
   * has not been replayed since: per original job, only when the latest of it and its
   * replays ended so (a replay still pending or delivered is left alone), so calling twice
   * does not send twice.
   */
  async retryFailed(receiverId: string, q: RetryFailedQuery): Promise<{ receiverId: string; replayed: Replayed[] }> {
    const since = new Date(Date.now() - q.max_age_hours * 3_600_000);
    const rows = await this.dataSource.query<Array<{ job_id: string }>>(
      `WITH failed_roots AS (
         SELECT DISTINCT n.root_job_id FROM deliveries d JOIN notification_log n ON n.job_id = d.job_id
         WHERE d.receiver_id = $1 AND d.status IN ('failed', 'dead') AND d.last_attempt_at >= $2
       ), chain AS (
         SELECT n.root_job_id, n.job_id, d.status, d.last_attempt_at,
           row_number() OVER (PARTITION BY n.root_job_id ORDER BY n.created_at DESC, n.job_id DESC) AS rn
         FROM notification_log n JOIN failed_roots f ON f.root_job_id = n.root_job_id
         LEFT JOIN deliveries d ON d.job_id = n.job_id
       )
       SELECT job_id FROM chain WHERE rn = 1 AND status IN ('failed', 'dead') AND last_attempt_at >= $2
       ORDER BY last_attempt_at LIMIT $3`,
      [receiverId, since, q.limit],
    );
    const replayed: Replayed[] = [];
    for (const row of rows) replayed.push(await this.replays.replay(row.job_id));
    return { receiverId, replayed };
  }
}
