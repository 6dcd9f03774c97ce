import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DeliveryJob, DeliveryOutcome, DeliveryOutcomeKind, StatusClass } from '@herald/contracts';
import { GroupCommit, jsonbRows, packTexts, queryPrepared, storableText, unpackedText, type TextSpan } from '@herald/persistence';
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

/** The id of an attempt: also its DeliveryOutcome's id on DELIVERIES (so analytics counts a re-published outcome once). */
export const attemptId = (jobId: string, attempt: number): string => `${jobId}.${attempt}`;

/** One attempt to record, with the job it belongs to. */
interface AttemptWrite {
  readonly job: DeliveryJob;
  readonly attempt: AttemptRecord;
  readonly outcomePublished: boolean;
}

const ATTEMPT_COLUMNS = `id text, job_id text, receiver_id text, channel text, incident_id uuid, event_id uuid, event_type text,
  attempt integer, outcome text, status_code integer, status_class text, error_class text, error_detail text, request jsonb,
  body_at integer, body_len integer, response_headers jsonb, response_excerpt text, duration_ms double precision,
  attempted_at timestamptz, next_attempt_at timestamptz, job_created_at timestamptz, outcome_published boolean`;

/** The request as stored: an HTTP request's body comes from the packed bodies ($2, see `attemptRows`). */
const STORED_REQUEST = `CASE WHEN x.body_at IS NULL THEN x.request
  ELSE x.request || jsonb_build_object('body', ${unpackedText('$2', 'x.body_at', 'x.body_len')}) END`;

/**
 * Records attempts and moves their jobs to their outcomes, all in one statement (atomic).
 * An attempt recorded before (two replicas on one job after an ack timeout) inserts nothing
 * and is not returned.
 */
const RECORD_ATTEMPTS = `
  WITH input AS (SELECT x.*, ${STORED_REQUEST} AS stored_request FROM jsonb_to_recordset($1::jsonb) AS x(${ATTEMPT_COLUMNS})),
  attempt AS (
    INSERT INTO delivery_attempts (id, job_id, receiver_id, channel, incident_id, event_id, event_type, attempt, outcome,
      status_code, status_class, error_class, error_detail, request, response_headers, response_excerpt, duration_ms,
      attempted_at, next_attempt_at)
    SELECT id, job_id, receiver_id, channel, incident_id, event_id, event_type, attempt, outcome, status_code, status_class,
      error_class, error_detail, stored_request, response_headers, response_excerpt, duration_ms, attempted_at, next_attempt_at
      FROM input
    ON CONFLICT (id) DO NOTHING
    RETURNING id
  )
  INSERT INTO deliveries AS d (job_id, receiver_id, channel, incident_id, event_id, event_type, status, attempts,
    job_created_at, first_attempt_at, last_attempt_at, next_attempt_at, last_status_code, last_error_class, outcome_published)
  SELECT i.job_id, i.receiver_id, i.channel, i.incident_id, i.event_id, i.event_type, i.outcome, i.attempt,
    i.job_created_at, i.attempted_at, i.attempted_at, i.next_attempt_at, i.status_code, i.error_class, i.outcome_published
    FROM input i JOIN attempt a ON a.id = i.id
  ON CONFLICT (job_id) DO UPDATE SET
    status = EXCLUDED.status,
    attempts = GREATEST(d.attempts, EXCLUDED.attempts),
    last_attempt_at = EXCLUDED.last_attempt_at,
    next_attempt_at = EXCLUDED.next_attempt_at,
    last_status_code = EXCLUDED.last_status_code,
    last_error_class = EXCLUDED.last_error_class,
    outcome_published = EXCLUDED.outcome_published,
    updated_at = now()
  RETURNING job_id`;

/**
 * The rows of `RECORD_ATTEMPTS` ($1) and their HTTP request bodies packed beside them ($2):
 * a body inside the jsonb rows would be escaped here and lexed back char by char there.
 */
function attemptRows(writes: readonly AttemptWrite[]): [Buffer, Buffer] {
  const bodies = writes.map((w) => (w.attempt.request?.kind === 'http' ? w.attempt.request.body : undefined));
  const { bytes, spans } = packTexts(bodies);
  return [jsonbRows(writes.map((w, i) => attemptRow(w, spans[i]))), bytes];
}

function attemptRow({ job, attempt: a, outcomePublished }: AttemptWrite, body: TextSpan | undefined): Record<string, unknown> {
  return {
    id: attemptId(job.id, a.attempt),
    job_id: job.id,
    receiver_id: job.receiverId,
    channel: job.channel,
    incident_id: job.message.event.incidentId,
    event_id: job.message.event.id,
    event_type: job.message.event.type,
    attempt: a.attempt,
    outcome: a.outcome,
    status_code: a.statusCode ?? null,
    status_class: a.statusClass,
    error_class: a.errorClass ?? null,
    // Error texts and the response are the receiver's words, not ours: made storable, not refused.
    error_detail: a.errorDetail !== undefined ? storableText(a.errorDetail.slice(0, ERROR_DETAIL_CHARS)) : null,
    request: a.request?.kind === 'http' ? { ...a.request, body: undefined } : (a.request ?? null),
    body_at: body?.at ?? null,
    body_len: body?.len ?? null,
    response_headers: a.responseHeaders ? Object.fromEntries(Object.entries(a.responseHeaders).map(([k, v]) => [storableText(k), storableText(v)])) : null,
    response_excerpt: a.responseExcerpt !== undefined ? storableText(a.responseExcerpt) : null,
    duration_ms: a.durationMs,
    attempted_at: a.attemptedAt,
    next_attempt_at: a.nextAttemptAt ?? null,
    job_created_at: job.createdAt,
    outcome_published: outcomePublished,
  };
}

/**
 * The `deliveries` and `delivery_attempts` tables (see delivery-log.migrations.ts). Each
 * call speaks for one job, but concurrent calls are grouped (GroupCommit): the deliveries
 * in flight at once cost one look-up and one commit between them, not one each.
 */
@Injectable()
export class DeliveryLog {
  private readonly lookups = new GroupCommit<string, JobRecord | undefined>((ids) => this.findJobs(ids));
  private readonly records = new GroupCommit<AttemptWrite, boolean>((writes) => this.recordAttempts(writes));
  private readonly marks = new GroupCommit<{ jobId: string; attempt: number }, void>((marks) => this.markAll(marks));

  constructor(private readonly dataSource: DataSource) {}

  job(jobId: string): Promise<JobRecord | undefined> {
    return this.lookups.submit(jobId);
  }

  /**
   * Records an attempt and moves the job to its outcome, atomically. False when this
   * attempt was recorded before (two replicas on one job after an ack timeout).
   * `outcomePublished` says whether the attempt's DeliveryOutcome already reached DELIVERIES:
   * the sender publishes first and records after, so the row is written once; one recorded
   * as unpublished is published again on the job's next delivery.
   */
  record(job: DeliveryJob, attempt: AttemptRecord, outcomePublished = false): Promise<boolean> {
    return this.records.submit({ job, attempt, outcomePublished });
  }

  /** Notes that the attempt's outcome reached DELIVERIES (see `job().outcomePublished`). */
  markPublished(jobId: string, attempt: number): Promise<void> {
    return this.marks.submit({ jobId, attempt });
  }

  private async findJobs(ids: readonly string[]): Promise<Array<JobRecord | undefined>> {
    const rows = await queryPrepared<JobRow & { job_id: string }>(
      this.dataSource,
      'SELECT job_id, status, attempts, outcome_published FROM deliveries WHERE job_id = ANY($1)',
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.job_id, { status: row.status, attempts: row.attempts, outcomePublished: row.outcome_published }]));
    return ids.map((id) => byId.get(id));
  }

  private async recordAttempts(writes: readonly AttemptWrite[]): Promise<boolean[]> {
    // One statement cannot update a job's row twice; a second attempt of a job waits for the next write.
    const jobs = new Set(writes.map((w) => w.job.id));
    if (jobs.size < writes.length) {
      const out: boolean[] = [];
      for (const write of writes) out.push(...(await this.recordAttempts([write])));
      return out;
    }
    const rows = await queryPrepared<{ job_id: string }>(this.dataSource, RECORD_ATTEMPTS, attemptRows(writes));
    const fresh = new Set(rows.map((r) => r.job_id));
    return writes.map((w) => fresh.has(w.job.id));
  }

  private async markAll(marks: ReadonlyArray<{ jobId: string; attempt: number }>): Promise<void[]> {
    await queryPrepared(
      this.dataSource,
      `UPDATE deliveries AS d SET outcome_published = true
         FROM jsonb_to_recordset($1::jsonb) AS x(job_id text, attempt integer)
        WHERE d.job_id = x.job_id AND d.attempts = x.attempt`,
      [JSON.stringify(marks.map((m) => ({ job_id: m.jobId, attempt: m.attempt })))],
    );
    return marks.map(() => undefined);
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
