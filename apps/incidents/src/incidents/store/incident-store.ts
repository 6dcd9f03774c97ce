import type { EntityManager } from 'typeorm';
import type { IncidentEvent, IncidentSnapshot } from '@herald/contracts';
import type { Incident } from '../domain/index.js';
import { insertReadModel, readModelRow, updateReadModel } from './read-model.js';

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

/** Events in one statement at most. */
const EVENT_CHUNK = 500;

/**
 * Event store, read model and inbox over one transaction's EntityManager. Every method
 * takes many items at once so a batch of alerts costs a handful of statements.
 */
export class IncidentStore {
  constructor(private readonly em: EntityManager) {}

  /** Records consumed message ids; returns those not seen before (the rest are redeliveries). */
  async markProcessed(messageIds: readonly string[]): Promise<Set<string>> {
    if (messageIds.length === 0) return new Set();
    // Sorted, so two transactions inserting overlapping ids wait on each other in one order.
    const rows: Array<{ message_id: string }> = await this.em.query(
      `INSERT INTO inbox (message_id) SELECT id FROM unnest($1::text[]) AS u(id) ORDER BY id
       ON CONFLICT DO NOTHING RETURNING message_id`,
      [[...new Set(messageIds)].sort()],
    );
    return new Set(rows.map((r) => r.message_id));
  }

  /**
   * The newest incident per dedup key (open or not), locked for this transaction. First takes
   * a transaction-scoped advisory lock per key, in one global order, so replicas racing on a
   * key that has no incident yet queue behind each other instead of both opening one.
   */
  async latestForKeys(keys: readonly string[]): Promise<Map<string, Incident>> {
    if (keys.length === 0) return new Map();
    const sorted = [...new Set(keys)].sort();
    await this.em.query(
      `SELECT count(pg_advisory_xact_lock(hashtext(current_schema()), h))
         FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) AS u(k) ORDER BY 1) AS s`,
      [sorted],
    );
    const rows: StateRow[] = await this.em.query(
      `SELECT l.state FROM unnest($1::text[]) AS u(key)
        CROSS JOIN LATERAL (
          SELECT state FROM incidents WHERE dedup_key = u.key ORDER BY opened_at DESC, id DESC LIMIT 1 FOR UPDATE
        ) AS l`,
      [sorted],
    );
    return new Map(rows.map((r) => [r.state.dedupKey, r.state]));
  }

  /** Incidents by id, locked for this transaction (in id order). Unknown ids are absent. */
  async byIds(ids: readonly string[]): Promise<Map<string, Incident>> {
    if (ids.length === 0) return new Map();
    const rows: StateRow[] = await this.em.query('SELECT state FROM incidents WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [
      [...new Set(ids)],
    ]);
    return new Map(rows.map((r) => [r.state.id, r.state]));
  }

  /**
   * Incidents whose timer is due by the database clock, locked; rows another transaction
   * holds are skipped, so several schedulers share the work. `now` is the database time.
   */
  async dueTimers(limit: number): Promise<{ ids: string[]; now: string }> {
    const rows: Array<{ id: string; now: Date }> = await this.em.query(
      `SELECT id::text, now() AS now FROM incidents WHERE next_timer_at <= now()
        ORDER BY next_timer_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    const now = rows[0]?.now ?? new Date();
    return { ids: rows.map((r) => r.id), now: now.toISOString() };
  }

  /**
   * Appends events in the given order (their outbox positions follow it). `unique (stream_id,
   * version)` turns a concurrent append to the same incident into a ConcurrencyConflict.
   */
  async appendEvents(records: readonly EventRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += EVENT_CHUNK) {
      const chunk = records.slice(i, i + EVENT_CHUNK).map((r) => ({
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
      }));
      try {
        await this.em.query(
          `INSERT INTO events (id, stream_id, version, type, event, snapshot, alert_received_at, correlation_id, traceparent, occurred_at)
           SELECT (d->>'id')::uuid, (d->>'stream_id')::uuid, (d->>'version')::integer, d->>'type', d->'event', d->'snapshot',
                  (d->>'alert_received_at')::timestamptz, d->>'correlation_id', d->>'traceparent', (d->>'occurred_at')::timestamptz
             FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(d, ord)
            ORDER BY ord`,
          [JSON.stringify(chunk)],
        );
      } catch (error) {
        throw asConflict(error, 'an incident was changed by another writer (event version taken)');
      }
    }
  }

  /**
   * Writes the read model of changed incidents: updates (with a version check) before
   * inserts, so an incident resolved and a successor opened in one batch never count as
   * two open incidents for one key.
   */
  async writeIncidents(writes: readonly IncidentWrite[]): Promise<void> {
    const updates = writes.filter((w) => w.expectedVersion > 0).map((w) => ({ ...readModelRow(w.state, w.nextTimerAt), expected: w.expectedVersion }));
    const inserts = writes.filter((w) => w.expectedVersion === 0).map((w) => readModelRow(w.state, w.nextTimerAt));
    if (updates.length > 0) {
      const matched = await updateReadModel(this.em, updates);
      if (matched !== updates.length) throw new ConcurrencyConflict(`${updates.length - matched} incident(s) changed since they were loaded`);
    }
    if (inserts.length === 0) return;
    try {
      await insertReadModel(this.em, inserts);
    } catch (error) {
      throw asConflict(error, 'an open incident for one of the dedup keys already exists');
    }
  }

  /** Moves timers of incidents that did not change (a policy change made them not due yet). */
  async setNextTimers(timers: ReadonlyArray<{ id: string; nextTimerAt: string | null }>): Promise<void> {
    if (timers.length === 0) return;
    await this.em.query(
      `UPDATE incidents AS i SET next_timer_at = r.next_timer_at
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, next_timer_at timestamptz) WHERE i.id = r.id`,
      [JSON.stringify(timers.map((t) => ({ id: t.id, next_timer_at: t.nextTimerAt })))],
    );
  }

  /** Wakes the outbox relay once the transaction commits (NOTIFY is transactional). */
  async notifyRelay(): Promise<void> {
    await this.em.query(`SELECT pg_notify('incident_events', '')`);
  }

  /** Deletes up to `limit` inbox rows older than `seconds`; returns how many. */
  async pruneInbox(seconds: number, limit: number): Promise<number> {
    const result: [unknown[], number] = await this.em.query(
      `DELETE FROM inbox WHERE message_id IN (
         SELECT message_id FROM inbox WHERE processed_at < now() - make_interval(secs => $1) LIMIT $2)`,
      [seconds, limit],
    );
    return result[1];
  }
}

/** Unique violations and deadlocks mean another writer got there first: retry. */
export function asConflict(error: unknown, message: string): unknown {
  const code = pgCode(error);
  return code === '23505' || code === '40P01' || code === '40001' ? new ConcurrencyConflict(message, { cause: error }) : error;
}

export function pgCode(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code ?? (error as { driverError?: { code?: unknown } } | null)?.driverError?.code;
}
