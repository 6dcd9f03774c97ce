import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DeliveryJob, DeliveryOutcome, DeliveryOutcomeKind, StatusClass } from '@herald/contracts';
import type { RequestRecord } from '../domain/request-record.js';

/** Where a job stands, as the delivery log has it. */
export interface JobRecord {
  readonly status: DeliveryOutcomeKind;
  readonly attempts: number;
  /** False when the latest attempt's outcome may not have reached DELIVERIES (a crash in between). */
  readonly outcomePublished: boolean;
}

/** One attempt as the log stores it. */
export interface AttemptRecord {
  readonly attempt: number;
  readonly outcome: DeliveryOutcomeKind;
  readonly statusClass: StatusClass;
  readonly statusCode?: number;
  readonly errorClass?: string;
  readonly errorDetail?: string;
  readonly request?: RequestRecord;
  readonly responseHeaders?: Readonly<Record<string, string>>;
  readonly responseExcerpt?: string;
  readonly durationMs: number;
  readonly attemptedAt: Date;
  readonly nextAttemptAt?: Date;
}

interface JobRow {
  status: DeliveryOutcomeKind;
  attempts: number;
  outcome_published: boolean;
}

interface AttemptRow {
  attempt: number;
  outcome: DeliveryOutcomeKind;
  status_code: number | null;
  status_class: StatusClass;
  error_class: string | null;
  duration_ms: number;
  attempted_at: Date;
}

export const FINAL_STATUSES: ReadonlySet<DeliveryOutcomeKind> = new Set(['delivered', 'failed', 'dead', 'muted']);

const ERROR_DETAIL_CHARS = 2_000;

/** The id of an attempt: also its DeliveryOutcome's id on DELIVERIES (so a re-publish is deduplicated). */
export const attemptId = (jobId: string, attempt: number): string => `${jobId}.${attempt}`;

/** The `deliveries` and `delivery_attempts` tables (see delivery-log.migrations.ts). */
@Injectable()
export class DeliveryLog {
  constructor(private readonly dataSource: DataSource) {}

  async job(jobId: string): Promise<JobRecord | undefined> {
    const rows: JobRow[] = await this.dataSource.query('SELECT status, attempts, outcome_published FROM deliveries WHERE job_id = $1', [jobId]);
    const row = rows[0];
    return row ? { status: row.status, attempts: row.attempts, outcomePublished: row.outcome_published } : undefined;
  }

  /**
   * Records an attempt and moves the job to its outcome, in one statement (atomic). False
   * when this attempt was recorded before (two replicas on one job after an ack timeout).
   */
  async record(job: DeliveryJob, a: AttemptRecord): Promise<boolean> {
    const rows: Array<{ job_id: string; inserted: boolean }> = await this.dataSource.query(
      `WITH attempt AS (
         INSERT INTO delivery_attempts (id, job_id, receiver_id, channel, incident_id, event_id, event_type, attempt, outcome,
           status_code, status_class, error_class, error_detail, request, response_headers, response_excerpt, duration_ms,
           attempted_at, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
         ON CONFLICT (id) DO NOTHING
         RETURNING id
       )
       INSERT INTO deliveries AS d (job_id, receiver_id, channel, incident_id, event_id, event_type, status, attempts, job,
         job_created_at, first_attempt_at, last_attempt_at, next_attempt_at, last_status_code, last_error_class, outcome_published)
       SELECT $2, $3, $4, $5, $6, $7, $9, $8, $20, $21, $18, $18, $19, $10, $12, false FROM attempt
       ON CONFLICT (job_id) DO UPDATE SET
         status = EXCLUDED.status,
         attempts = GREATEST(d.attempts, EXCLUDED.attempts),
         last_attempt_at = EXCLUDED.last_attempt_at,
         next_attempt_at = EXCLUDED.next_attempt_at,
         last_status_code = EXCLUDED.last_status_code,
         last_error_class = EXCLUDED.last_error_class,
         outcome_published = false,
         updated_at = now()
       RETURNING job_id, true AS inserted`,
      [
        attemptId(job.id, a.attempt),
        job.id,
        job.receiverId,
        job.channel,
        job.message.event.incidentId,
        job.message.event.id,
        job.message.event.type,
        a.attempt,
        a.outcome,
        a.statusCode ?? null,
        a.statusClass,
        a.errorClass ?? null,
        a.errorDetail?.slice(0, ERROR_DETAIL_CHARS) ?? null,
        a.request ? JSON.stringify(a.request) : null,
        a.responseHeaders ? JSON.stringify(a.responseHeaders) : null,
        a.responseExcerpt ?? null,
        a.durationMs,
        a.attemptedAt,
        a.nextAttemptAt ?? null,
        JSON.stringify(job),
        job.createdAt,
      ],
    );
    return rows.length === 1;
  }

  async markPublished(jobId: string, attempt: number): Promise<void> {
    await this.dataSource.query('UPDATE deliveries SET outcome_published = true WHERE job_id = $1 AND attempts = $2', [jobId, attempt]);
  }

  /** The latest recorded attempt of a job as its DeliveryOutcome, to publish again after a crash. */
  async lastOutcome(job: DeliveryJob): Promise<DeliveryOutcome | undefined> {
    const rows: AttemptRow[] = await this.dataSource.query(
      `SELECT attempt, outcome, status_code, status_class, error_class, duration_ms, attempted_at
         FROM delivery_attempts WHERE job_id = $1 ORDER BY attempt DESC LIMIT 1`,
      [job.id],
    );
    const row = rows[0];
    if (!row) return undefined;
    return outcomeOf(job, {
      attempt: row.attempt,
      outcome: row.outcome,
      statusClass: row.status_class,
      ...(row.status_code !== null ? { statusCode: row.status_code } : {}),
      ...(row.error_class !== null ? { errorClass: row.error_class } : {}),
      durationMs: row.duration_ms,
      attemptedAt: row.attempted_at,
    });
  }

  /** Deletes attempts and finished jobs older than `before`, at most `limit` rows of each; returns how many went. */
  async prune(before: Date, limit: number): Promise<number> {
    // A data-modifying CTE counted by a SELECT: TypeORM returns [rows, affected] for a bare DELETE.
    const attempts: Array<{ n: number }> = await this.dataSource.query(
      `WITH gone AS (DELETE FROM delivery_attempts WHERE id IN (SELECT id FROM delivery_attempts WHERE attempted_at < $1 LIMIT $2) RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [before, limit],
    );
    const jobs: Array<{ n: number }> = await this.dataSource.query(
      `WITH gone AS (DELETE FROM deliveries WHERE job_id IN (
         SELECT job_id FROM deliveries WHERE last_attempt_at < $1 AND status <> 'retrying' LIMIT $2) RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [before, limit],
    );
    return (attempts[0]?.n ?? 0) + (jobs[0]?.n ?? 0);
  }
}

/** The DeliveryOutcome message for an attempt. */
export function outcomeOf(
  job: DeliveryJob,
  a: Pick<AttemptRecord, 'attempt' | 'outcome' | 'statusClass' | 'statusCode' | 'errorClass' | 'durationMs' | 'attemptedAt'>,
): DeliveryOutcome {
  return {
    id: attemptId(job.id, a.attempt),
    jobId: job.id,
    receiverId: job.receiverId,
    channel: job.channel,
    outcome: a.outcome,
    attempt: a.attempt,
    ...(a.statusCode !== undefined && a.statusCode >= 100 && a.statusCode <= 599 ? { statusCode: a.statusCode } : {}),
    statusClass: a.statusClass,
    durationMs: a.durationMs,
    ...(a.errorClass ? { errorClass: a.errorClass.slice(0, 100) } : {}),
    incidentId: job.message.event.incidentId,
    eventId: job.message.event.id,
    eventType: job.message.event.type,
    attemptedAt: a.attemptedAt.toISOString(),
    ...(job.message.alertReceivedAt ? { alertReceivedAt: job.message.alertReceivedAt } : {}),
  };
}
