import { jsonbRows, type PipelinedTransaction, type PreparedStatement } from '@herald/persistence';
import type { IncidentEvent, IncidentSnapshot } from '@herald/contracts';
import type { Incident } from '../domain/index.js';
import { NEW_INCIDENTS_GUESS_WRONG } from './incidents.migrations.js';
import { READ_MODEL_COLUMNS, readModelRecords, readModelRow, updateReadModel } from './read-model.js';

/** Thrown when another writer changed the incident first; the command is retried. */
export class ConcurrencyConflict extends Error {
  readonly code = 'CONCURRENCY_CONFLICT';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConcurrencyConflict';
  }
}

/** An event ready to append: the incident as it stands after it travels with it to the outbox. */
export interface EventRecord {
  readonly event: IncidentEvent;
  readonly snapshot: IncidentSnapshot;
  readonly alertReceivedAt: string | null;
  readonly correlationId: string | null;
  /** W3C traceparent of the span that caused the event. */
  readonly traceparent: string | null;
}

/** The read-model write for one incident changed in a transaction. */
export interface IncidentWrite {
  readonly state: Incident;
  /** Version the row had when loaded; 0 for an incident opened in this transaction. */
  readonly expectedVersion: number;
  readonly nextTimerAt: string | null;
}

interface StateRow {
  state: Incident;
}

/** Rows of each kind in one statement at most: keeps one parameter comfortably small. */
const CHUNK = 500;

/** What one batch writes after deciding (see `IncidentStore.writeBatch`). */
export interface BatchWrite {
  readonly incidents: readonly IncidentWrite[];
  readonly events: readonly EventRecord[];
  /** Whether appending events NOTIFYs the outbox relay (see OutboxSignal). */
  readonly notifyRelay: boolean;
  /** Incidents that did not change whose stored timer moves (a policy change made them not due yet). */
  readonly timers: ReadonlyArray<{ readonly id: string; readonly nextTimerAt: string | null }>;
  /** A read to make right behind the COMMIT, when the batch appends events (the outbox relay's: see OutboxSignal). */
  readonly readAfterCommit?: PreparedStatement | undefined;
}

const eventRow = (r: EventRecord): Record<string, unknown> => ({
  id: r.event.id,
  stream_id: r.event.incidentId,
  version: r.event.version,
  type: r.event.type,
  event: r.event,
  snapshot: r.snapshot,
  alert_received_at: r.alertReceivedAt,
  correlation_id: r.correlationId,
  traceparent: r.traceparent,
  occurred_at: r.event.occurredAt,
});

/** New read-model rows, events (in order) and moved timers in one statement; $4 says whether to wake the relay. */
const WRITE_BATCH = `
  WITH opened AS (
    INSERT INTO incidents (${READ_MODEL_COLUMNS.join(', ')}) SELECT ${READ_MODEL_COLUMNS.map((n) => `r.${n}`).join(', ')} FROM ${readModelRecords('$1')}
  ),
  appended AS (
    INSERT INTO events (id, stream_id, version, type, event, snapshot, alert_received_at, correlation_id, traceparent, occurred_at)
    SELECT (d->>'id')::uuid, (d->>'stream_id')::uuid, (d->>'version')::integer, d->>'type', d->'event', d->'snapshot',
           (d->>'alert_received_at')::timestamptz, d->>'correlation_id', d->>'traceparent', (d->>'occurred_at')::timestamptz
      FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(d, ord)
     ORDER BY ord
  ),
  moved AS (
    UPDATE incidents AS i SET next_timer_at = t.next_timer_at
      FROM jsonb_to_recordset($3::jsonb) AS t(id uuid, next_timer_at timestamptz) WHERE i.id = t.id
  )
  SELECT pg_notify('incident_events', '') WHERE $4::boolean`;

/**
 * Takes a transaction-scoped advisory lock per dedup key in $2, in one global order (hash order),
 * and counts them: `openBatch` and the guess's check lock keys the same way, so replicas racing on
 * a key queue behind each other whichever path each takes, and never deadlock on the order.
 */
const LOCK_KEYS = `(SELECT count(pg_advisory_xact_lock(hashtext(current_schema()), h))
       FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($2::text[]) AS u(k) ORDER BY 1) AS s)`;

/**
 * The guess's check (`IncidentStore.expectNewIncidents`): $1 the alerts' ids, $2 their keys, both
 * sorted. Each key is looked up on its own (a LATERAL probe of `incidents_by_key`): as a prepared
 * statement's generic plan, `dedup_key = ANY($2)` was a sequential scan of the whole table, 8 ms
 * at 50,000 incidents, on every alert.
 */
export const EXPECT_NEW_INCIDENTS = `
  WITH fresh AS (
    INSERT INTO inbox (message_id) SELECT id FROM unnest($1::text[]) AS u(id) ORDER BY id
    ON CONFLICT DO NOTHING RETURNING 1
  )
  SELECT expect_new_incidents(
    (SELECT count(*) FROM fresh) = cardinality($1::text[]),
    -- Left to right: the locks are taken before the keys are looked up.
    ${LOCK_KEYS} >= 0
    AND NOT EXISTS (
      SELECT FROM unnest($2::text[]) AS u(key)
       CROSS JOIN LATERAL (SELECT FROM incidents WHERE dedup_key = u.key LIMIT 1) AS found
    )
  )`;

/**
 * Event store, read model and inbox in one transaction. Every method takes many items at once
 * so a batch of alerts costs a handful of statements; the transaction's BEGIN travels with the
 * first and its COMMIT with the batch's write (PipelinedTransaction): a lone alert's
 * transaction is two round trips.
 */
export class IncidentStore {
  constructor(private readonly tx: PipelinedTransaction) {}

  /**
   * Opens a batch in one statement (one round trip): records the consumed message ids in the
   * inbox (those not seen before come back as `fresh`; the rest are redeliveries), then takes a
   * transaction-scoped advisory lock per dedup key in one global order (so replicas racing on a
   * key with no incident yet queue behind each other instead of both opening one), then reads
   * and locks the newest incident per key (open or not).
   *
   * The UNION ALL runs its branches in order, and the lock is a constant (one-time) filter of
   * the second branch, so it is taken before any incident is read. The statement's snapshot
   * predates the wait for a lock: an incident another replica OPENED meanwhile is not seen, the
   * batch then tries to open a second one, `incidents_one_open_per_key` refuses it and the batch
   * runs again (ConcurrencyConflict). A row another replica UPDATED meanwhile is read as it now
   * stands (FOR UPDATE follows it).
   */
  async openBatch(messageIds: readonly string[], keys: readonly string[]): Promise<{ fresh: Set<string>; latest: Map<string, Incident> }> {
    if (messageIds.length === 0 && keys.length === 0) return { fresh: new Set(), latest: new Map() };
    // Sorted, so two transactions inserting overlapping ids (or locking overlapping keys) wait in one order.
    const rows = await this.tx.query<{ message_id: string | null; state: Incident | null }>(
      `WITH fresh AS (
         INSERT INTO inbox (message_id) SELECT id FROM unnest($1::text[]) AS u(id) ORDER BY id
         ON CONFLICT DO NOTHING RETURNING message_id
       )
       SELECT message_id, NULL::jsonb AS state FROM fresh
       UNION ALL
       SELECT NULL, l.state FROM unnest($2::text[]) AS u(key)
        CROSS JOIN LATERAL (
          SELECT state FROM incidents WHERE dedup_key = u.key ORDER BY opened_at DESC, id DESC LIMIT 1 FOR UPDATE
        ) AS l
        WHERE ${LOCK_KEYS} >= 0`,
      [[...new Set(messageIds)].sort(), [...new Set(keys)].sort()],
    );
    const fresh = new Set<string>();
    const latest = new Map<string, Incident>();
    for (const row of rows) {
      if (row.message_id !== null) fresh.add(row.message_id);
      else if (row.state !== null) latest.set(row.state.dedupKey, row.state);
    }
    return { fresh, latest };
  }

  /**
   * The check of a batch that guessed every dedup key new (IncidentBatch), written ahead of the
   * batch's write in the same pipeline: records the alerts' ids in the inbox and takes the keys'
   * advisory locks as `openBatch` does, then fails with NEW_INCIDENTS_GUESS_WRONG, aborting the
   * transaction (the write behind it and its COMMIT then change nothing), unless every id was
   * new and no key has an incident. It reads on the statement's snapshot, as `openBatch` does:
   * an incident another replica opened while this one waited for a key's lock is not seen here,
   * and `incidents_one_open_per_key` refuses the second (ConcurrencyConflict).
   */
  async expectNewIncidents(messageIds: readonly string[], keys: readonly string[]): Promise<void> {
    await this.tx.query(EXPECT_NEW_INCIDENTS, [[...new Set(messageIds)].sort(), [...new Set(keys)].sort()]);
  }

  /** Incidents by id, locked for this transaction (in id order). Unknown ids are absent. */
  async byIds(ids: readonly string[]): Promise<Map<string, Incident>> {
    if (ids.length === 0) return new Map();
    const rows = await this.tx.query<StateRow>('SELECT state FROM incidents WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [
      [...new Set(ids)],
    ]);
    return new Map(rows.map((r) => [r.state.id, r.state]));
  }

  /**
   * Incidents whose timer is due by the database clock, locked; rows another transaction
   * holds are skipped, so several schedulers share the work. `now` is the database time.
   */
  async dueTimers(limit: number): Promise<{ ids: string[]; now: string }> {
    const rows = await this.tx.query<{ id: string; now: Date }>(
      `SELECT id::text, now() AS now FROM incidents WHERE next_timer_at <= now()
        ORDER BY next_timer_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    const now = rows[0]?.now ?? new Date();
    return { ids: rows.map((r) => r.id), now: now.toISOString() };
  }

  /**
   * Writes what a batch decided. Read-model updates (with a version check) go first, in a
   * statement of their own, so an incident resolved and a successor opened in one batch never
   * count as two open incidents for one key. Then ONE statement inserts the new incidents,
   * appends the events in the given order (their outbox positions follow it), moves the timers
   * of incidents that did not change, and wakes the outbox relay once the transaction commits
   * (NOTIFY is transactional). A unique violation (an event version or an open incident for a
   * key taken by another writer) becomes a ConcurrencyConflict: the batch runs again.
   */
  async writeBatch<R>(batch: BatchWrite): Promise<R[] | undefined> {
    const updates = batch.incidents.filter((w) => w.expectedVersion > 0).map((w) => ({ ...readModelRow(w.state, w.nextTimerAt), expected: w.expectedVersion }));
    const inserts = batch.incidents.filter((w) => w.expectedVersion === 0).map((w) => readModelRow(w.state, w.nextTimerAt));
    if (updates.length > 0) {
      const matched = await updateReadModel(this.tx, updates);
      if (matched !== updates.length) throw new ConcurrencyConflict(`${updates.length - matched} incident(s) changed since they were loaded`);
    }
    const events = batch.events.map(eventRow);
    const timers = batch.timers.map((t) => ({ id: t.id, next_timer_at: t.nextTimerAt }));
    if (inserts.length === 0 && events.length === 0 && timers.length === 0) return undefined;
    let read: R[] | undefined;
    const chunks = Math.max(1, Math.ceil(Math.max(inserts.length, events.length, timers.length) / CHUNK));
    for (let c = 0; c < chunks; c += 1) {
      const part = (rows: readonly object[]): Buffer => jsonbRows(rows.slice(c * CHUNK, (c + 1) * CHUNK));
      const last = c === chunks - 1;
      const values = [part(inserts), part(events), part(timers), batch.notifyRelay && events.length > 0 && last];
      try {
        // The last write commits the transaction with it; the read after the commit (if any) goes with them.
        if (!last) await this.tx.query(WRITE_BATCH, values);
        else if (batch.readAfterCommit && events.length > 0) read = (await this.tx.queryCommitAndRead<unknown, R>(WRITE_BATCH, values, batch.readAfterCommit)).read;
        else await this.tx.queryAndCommit(WRITE_BATCH, values);
      } catch (error) {
        throw asConflict(error, 'an incident was changed by another writer (an event version or an open incident for its key was taken)');
      }
    }
    return read;
  }

  /** Deletes up to `limit` inbox rows older than `seconds`; returns how many. */
  async pruneInbox(seconds: number, limit: number): Promise<number> {
    const [row] = await this.tx.query<{ n: number }>(
      `WITH gone AS (
         DELETE FROM inbox WHERE message_id IN (
           SELECT message_id FROM inbox WHERE processed_at < now() - make_interval(secs => $1) LIMIT $2)
         RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [seconds, limit],
    );
    return row?.n ?? 0;
  }
}

/** Whether `error` is a wrong guess that a batch's keys were new (`expectNewIncidents`). */
export function isWrongNewKeysGuess(error: unknown): boolean {
  return pgCode(error) === NEW_INCIDENTS_GUESS_WRONG;
}

/** Unique violations and deadlocks mean another writer got there first: retry. */
export function asConflict(error: unknown, message: string): unknown {
  const code = pgCode(error);
  return code === '23505' || code === '40P01' || code === '40001' ? new ConcurrencyConflict(message, { cause: error }) : error;
}

export function pgCode(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code ?? (error as { driverError?: { code?: unknown } } | null)?.driverError?.code;
}
