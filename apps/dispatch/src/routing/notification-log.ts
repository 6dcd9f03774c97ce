import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DeliveryJob, IncidentEvent, IncidentSnapshot, type IncidentEventMessage } from '@herald/contracts';
import { jsonbRows, queryPrepared } from '@herald/persistence';
import type { DueRepeat, MutedBy, RepeatChange } from './domain/index.js';
import { newestPerIncident, snapshotRowsParameter, upsertSnapshots, writtenMessages } from './snapshot-rows.js';

export type NotificationKind = 'event' | 'repeat' | 'replay' | 'group';

export interface LoggedNotification {
  readonly job: DeliveryJob;
  readonly kind: NotificationKind;
  /** The job every repeat of it or replay counts from: the job itself for a first notification. */
  readonly rootJobId: string;
  readonly muted?: { readonly by: MutedBy; readonly id: string };
}

/** What routing decided for one incident event: the notifications to log and the repeat changes. */
export interface RoutedEvent {
  readonly message: IncidentEventMessage;
  readonly notifications: readonly LoggedNotification[];
  readonly repeats: readonly RepeatChange[];
  /** Epoch milliseconds of the routing decision. */
  readonly now: number;
}

export interface NotificationRecord extends LoggedNotification {
  readonly createdAt: string;
  readonly publishedAt: string | undefined;
}

interface LogRow {
  job_id: string;
  root_job_id: string;
  kind: NotificationKind;
  job: unknown;
  muted_by: MutedBy | null;
  muted_id: string | null;
  created_at: Date;
  published_at: Date | null;
}

interface DueQueryRow {
  incident_id: string;
  receiver_id: string;
  event: unknown;
  sequence: number;
  last_notified_at: Date;
  snapshot: unknown;
}

export interface DueRow extends DueRepeat {
  readonly incident: IncidentSnapshot | undefined;
}

/**
 * Inserts the notifications given as a jsonb array in `$2`, those flagged `published` with
 * their publication time; a job already logged is left as it is.
 */
const NOTIFICATION_ROWS = `SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(job_id text, root_job_id text, kind text, incident_id uuid, event_id uuid,
         receiver_id text, channel text, job jsonb, muted_by text, muted_id text, published boolean, sent_by text)`;
/** Inserts the notifications of a relation `rows` with the columns of NOTIFICATION_ROWS. */
const insertNotifications = (rows: string): string => `INSERT INTO notification_log (job_id, root_job_id, kind, incident_id, event_id, receiver_id, channel, job, muted_by, muted_id, published_at, sent_by)
  SELECT job_id, root_job_id, kind, incident_id, event_id, receiver_id, channel, job, muted_by, muted_id, CASE WHEN published THEN now() END, sent_by
    FROM ${rows}
  ON CONFLICT (job_id) DO NOTHING`;
const INSERT_NOTIFICATIONS = insertNotifications(`(${NOTIFICATION_ROWS}) AS x`);

/** Jobs routing sends itself (see `DirectSender`), and the replica that does. */
export interface DirectSends {
  readonly jobIds: ReadonlySet<string>;
  readonly instance: string;
}

const NO_DIRECT: DirectSends = { jobIds: new Set(), instance: '' };

function notificationRowsParameter(notifications: readonly LoggedNotification[], published: ReadonlySet<string>, direct: DirectSends): Buffer {
  return jsonbRows(
    notifications.map((n) => ({
      job_id: n.job.id,
      root_job_id: n.rootJobId,
      kind: n.kind,
      incident_id: n.job.message.event.incidentId,
      event_id: n.job.message.event.id,
      receiver_id: n.job.receiverId,
      channel: n.job.channel,
      job: n.job,
      muted_by: n.muted?.by ?? null,
      muted_id: n.muted?.id ?? null,
      published: published.has(n.job.id),
      sent_by: direct.jobIds.has(n.job.id) ? direct.instance : null,
    })),
  );
}

function toRecord(row: LogRow): NotificationRecord {
  return {
    job: DeliveryJob.parse(row.job),
    kind: row.kind,
    rootJobId: row.root_job_id,
    ...(row.muted_by ? { muted: { by: row.muted_by, id: row.muted_id ?? '' } } : {}),
    createdAt: row.created_at.toISOString(),
    publishedAt: row.published_at?.toISOString(),
  };
}

/**
 * Every notification job ever created (`notification_log`, keyed by job id) and the repeat
 * bookkeeping (`repeat_state`). The log is the durable guard that one incident event reaches
 * one receiver once, beyond JetStream's duplicate window: a job already published is never
 * published again; one logged but not yet published (a crash in between) is.
 */
@Injectable()
export class NotificationLog {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The notifications still to publish: the ones not logged yet, and ones logged before but
   * never published (a crash between a commit and the publish, or a replay cut short). One
   * look-up by primary key, so a batch costs no row writes beyond its inserts. Only the
   * notifications `mayBeLogged` says could have been logged are looked up (see the consumer):
   * when none could, the look-up, a round trip, is skipped.
   */
  async unpublished(
    notifications: readonly LoggedNotification[],
    mayBeLogged: (n: LoggedNotification) => boolean = () => true,
  ): Promise<LoggedNotification[]> {
    if (notifications.length === 0) return [];
    const lookUp = notifications.filter(mayBeLogged).map((n) => n.job.id);
    const rows =
      lookUp.length === 0
        ? []
        : await queryPrepared<{ job_id: string }>(this.dataSource, 'SELECT job_id FROM notification_log WHERE job_id = ANY($1) AND published_at IS NOT NULL', [
            lookUp,
          ]);
    const done = new Set(rows.map((r) => r.job_id));
    const seen = new Set<string>();
    return notifications.filter((n) => {
      if (done.has(n.job.id) || seen.has(n.job.id)) return false;
      seen.add(n.job.id);
      return true;
    });
  }

  /**
   * Logs the notifications of a whole batch of incident events, the incidents' snapshots as
   * the events leave them, and the repeat changes, atomically. `published` names the jobs put
   * on their way before this call (routing publishes first, then logs: see the consumer), so
   * rows are written once, never updated. Without repeat changes (the usual case) that is one
   * statement, one round trip. Returns the events whose snapshot was written (newer than the
   * table's).
   */
  async record(
    routed: readonly RoutedEvent[],
    published: ReadonlySet<string> = new Set(),
    direct: DirectSends = NO_DIRECT,
  ): Promise<{ snapshotsWritten: IncidentEventMessage[] }> {
    const write = (manager: EntityManager) => this.writeBatch(manager, routed, published, direct);
    if (routed.every((r) => r.repeats.length === 0)) return write(this.dataSource.manager);
    return this.dataSource.transaction(async (manager) => {
      const result = await write(manager);
      for (const r of routed) await this.applyRepeats(manager, r.message, r.repeats, r.now);
      return result;
    });
  }

  private async writeBatch(
    manager: EntityManager,
    routed: readonly RoutedEvent[],
    published: ReadonlySet<string>,
    direct: DirectSends,
  ): Promise<{ snapshotsWritten: IncidentEventMessage[] }> {
    const notifications = routed.flatMap((r) => r.notifications);
    const newest = newestPerIncident(routed.map((r) => r.message));
    // A snapshot travels once: inside the message of a job logged by this statement, when one carries it.
    const carriers = new Map<IncidentEventMessage, string>();
    for (const n of notifications) if (!carriers.has(n.job.message)) carriers.set(n.job.message, n.job.id);
    // Every CTE sees the table as it was before the statement: `marked` finds only jobs logged
    // by an earlier batch (and published only now), never the rows `logged` inserts.
    const rows = await queryPrepared<{ id: string }>(
      manager,
      `WITH input AS MATERIALIZED (${NOTIFICATION_ROWS}),
       snap AS (${upsertSnapshots(1, 'input')}),
       logged AS (${insertNotifications('input')}),
       marked AS (UPDATE notification_log SET published_at = now() WHERE job_id = ANY($3) AND published_at IS NULL)
       SELECT incident_id::text AS id FROM snap`,
      [snapshotRowsParameter(newest, (m) => carriers.get(m)), notificationRowsParameter(notifications, published, direct), [...published]],
    );
    return { snapshotsWritten: writtenMessages(newest, rows.map((r) => r.id)) };
  }

  /** Logs notifications as not yet published, in the caller's transaction (group flushes: published after the commit). */
  async insertMany(manager: EntityManager, notifications: readonly LoggedNotification[]): Promise<void> {
    if (notifications.length === 0) return;
    await queryPrepared(manager, INSERT_NOTIFICATIONS.replaceAll('$2', '$1'), [notificationRowsParameter(notifications, new Set(), NO_DIRECT)]);
  }

  /**
   * Group notifications committed at least `olderThanSeconds` ago and never published (a
   * crash between a flush's commit and its publish), locked for this transaction.
   */
  async lockUnpublishedGroups(manager: EntityManager, olderThanSeconds: number, limit: number): Promise<NotificationRecord[]> {
    const rows = await manager.query<LogRow[]>(
      `SELECT * FROM notification_log WHERE kind = 'group' AND published_at IS NULL AND created_at < now() - make_interval(secs => $1)
       ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [olderThanSeconds, limit],
    );
    return rows.map(toRecord);
  }

  async insert(manager: EntityManager, n: LoggedNotification): Promise<boolean> {
    const { job } = n;
    const rows = await manager.query<unknown[]>(
      `INSERT INTO notification_log (job_id, root_job_id, kind, incident_id, event_id, receiver_id, channel, job, muted_by, muted_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (job_id) DO NOTHING RETURNING job_id`,
      [job.id, n.rootJobId, n.kind, job.message.event.incidentId, job.message.event.id, job.receiverId, job.channel, job, n.muted?.by ?? null, n.muted?.id ?? null],
    );
    return rows.length > 0;
  }

  /**
   * Marks jobs published. Outside a caller's transaction the commit does not wait for the WAL
   * flush: losing this mark in a database crash only means a second publish of the same id,
   * which JetStream drops as a duplicate.
   */
  async markPublished(jobIds: readonly string[], manager?: EntityManager): Promise<void> {
    if (jobIds.length === 0) return;
    const mark = (m: EntityManager) => m.query('UPDATE notification_log SET published_at = now() WHERE job_id = ANY($1) AND published_at IS NULL', [jobIds]);
    if (manager) {
      await mark(manager);
      return;
    }
    await this.dataSource.transaction(async (m) => {
      await m.query('SET LOCAL synchronous_commit TO OFF');
      await mark(m);
    });
  }

  async find(jobId: string): Promise<NotificationRecord | undefined> {
    const rows = await this.dataSource.query<LogRow[]>('SELECT * FROM notification_log WHERE job_id = $1', [jobId]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /** The replays of a root job, oldest first. */
  async replaysOf(rootJobId: string): Promise<NotificationRecord[]> {
    const rows = await this.dataSource.query<LogRow[]>(`SELECT * FROM notification_log WHERE root_job_id = $1 AND kind = 'replay' ORDER BY created_at`, [rootJobId]);
    return rows.map(toRecord);
  }

  private async applyRepeats(manager: EntityManager, message: IncidentEventMessage, repeats: readonly RepeatChange[], now: number): Promise<void> {
    const incidentId = message.incident.id;
    for (const change of repeats) {
      switch (change.kind) {
        case 'clear':
          await manager.query('DELETE FROM repeat_state WHERE incident_id = $1', [incidentId]);
          break;
        case 'base':
          await manager.query(
            `INSERT INTO repeat_state (incident_id, receiver_id, event, sequence, last_notified_at, next_repeat_at)
             VALUES ($1, $2, $3, 0, $4, $5)
             ON CONFLICT (incident_id, receiver_id) DO UPDATE SET event = EXCLUDED.event, sequence = 0,
               last_notified_at = EXCLUDED.last_notified_at, next_repeat_at = EXCLUDED.next_repeat_at`,
            [incidentId, change.receiverId, message.event, new Date(now), new Date(now + change.intervalSeconds * 1_000)],
          );
          break;
        case 'touch':
          await manager.query('UPDATE repeat_state SET last_notified_at = $3, next_repeat_at = $4 WHERE incident_id = $1 AND receiver_id = $2', [
            incidentId,
            change.receiverId,
            new Date(now),
            new Date(now + change.intervalSeconds * 1_000),
          ]);
          break;
      }
    }
  }

  /** Repeats due at `now`, locked for this transaction (other replicas skip them). */
  async lockDue(manager: EntityManager, now: number, limit: number): Promise<DueRow[]> {
    const rows = await manager.query<DueQueryRow[]>(
      `SELECT r.incident_id, r.receiver_id, r.event, r.sequence, r.last_notified_at, s.snapshot
       FROM repeat_state r LEFT JOIN incident_snapshots s ON s.incident_id = r.incident_id
       WHERE r.next_repeat_at <= $1 ORDER BY r.next_repeat_at LIMIT $2 FOR UPDATE OF r SKIP LOCKED`,
      [new Date(now), limit],
    );
    const out: DueRow[] = [];
    for (const row of rows) {
      const event = IncidentEvent.safeParse(row.event);
      if (!event.success) {
        await this.dropRepeat(manager, row.incident_id, row.receiver_id);
        continue;
      }
      const snapshot = row.snapshot ? IncidentSnapshot.safeParse(row.snapshot) : undefined;
      out.push({
        incidentId: row.incident_id,
        receiverId: row.receiver_id,
        event: event.data,
        sequence: row.sequence,
        lastNotifiedAt: row.last_notified_at.getTime(),
        incident: snapshot?.success ? snapshot.data : undefined,
      });
    }
    return out;
  }

  async dropRepeat(manager: EntityManager, incidentId: string, receiverId: string): Promise<void> {
    await manager.query('DELETE FROM repeat_state WHERE incident_id = $1 AND receiver_id = $2', [incidentId, receiverId]);
  }

  async postponeRepeat(manager: EntityManager, incidentId: string, receiverId: string, nextAt: number): Promise<void> {
    await manager.query('UPDATE repeat_state SET next_repeat_at = $3 WHERE incident_id = $1 AND receiver_id = $2', [incidentId, receiverId, new Date(nextAt)]);
  }

  async repeated(manager: EntityManager, incidentId: string, receiverId: string, sequence: number, now: number, nextAt: number): Promise<void> {
    await manager.query('UPDATE repeat_state SET sequence = $3, last_notified_at = $4, next_repeat_at = $5 WHERE incident_id = $1 AND receiver_id = $2', [
      incidentId,
      receiverId,
      sequence,
      new Date(now),
      new Date(nextAt),
    ]);
  }

  get transaction(): DataSource['transaction'] {
    return this.dataSource.transaction.bind(this.dataSource);
  }
}
