import type { EntityManager } from 'typeorm';
import type { IncidentEvent, IncidentSnapshot } from '@herald/contracts';
import { evolve, initialState, toSnapshot, type IncidentState } from '../domain/index.js';

/** Thrown when another writer changed the incident first; the command is retried. */
export class ConcurrencyConflict extends Error {
  readonly code = 'CONCURRENCY_CONFLICT';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConcurrencyConflict';
  }
}

export interface AppendMeta {
  readonly alertReceivedAt?: string;
  readonly correlationId?: string;
  /** When the incident's next timer (auto-resolve, stabilise) is due, from its new state. */
  readonly timerFor?: (state: IncidentState) => string | undefined;
}

interface StateRow {
  state: IncidentState;
}

/** Event store, read model and inbox over one transaction's EntityManager. */
export class IncidentStore {
  constructor(private readonly em: EntityManager) {}

  /** Records a consumed message id; false when it was seen before (a redelivery). */
  async markProcessed(messageId: string): Promise<boolean> {
    const rows: unknown[] = await this.em.query(
      'INSERT INTO inbox (message_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING message_id',
      [messageId],
    );
    return rows.length === 1;
  }

  /** The newest incident for a dedup key (open or not), locked for this transaction. */
  async latestForKey(dedupKey: string): Promise<IncidentState> {
    const rows: StateRow[] = await this.em.query(
      'SELECT state FROM incidents WHERE dedup_key = $1 ORDER BY opened_at DESC, id DESC LIMIT 1 FOR UPDATE',
      [dedupKey],
    );
    return rows[0]?.state ?? initialState;
  }

  async byId(incidentId: string): Promise<IncidentState> {
    const rows: StateRow[] = await this.em.query('SELECT state FROM incidents WHERE id = $1 FOR UPDATE', [incidentId]);
    return rows[0]?.state ?? initialState;
  }

  /**
   * Appends events with optimistic concurrency (`unique (stream_id, version)` and
   * a version check on the read model) and updates the read model in the same
   * transaction. Returns the state after the events.
   */
  async append(before: IncidentState, events: readonly IncidentEvent[], meta: AppendMeta): Promise<IncidentState> {
    let state = before;
    for (const event of events) {
      state = evolve(state, event);
      const snapshot = toSnapshot(state) as IncidentSnapshot;
      try {
        await this.em.query(
          `INSERT INTO events (id, stream_id, version, type, event, snapshot, alert_received_at, correlation_id, occurred_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            event.id,
            event.incidentId,
            event.version,
            event.type,
            JSON.stringify(event),
            JSON.stringify(snapshot),
            meta.alertReceivedAt ?? null,
            meta.correlationId ?? null,
            event.occurredAt,
          ],
        );
      } catch (error) {
        throw asConflict(error, `incident ${event.incidentId} version ${event.version} already exists`);
      }
    }
    if (state.status === 'none' || events.length === 0) return state;
    await this.saveReadModel(before.version, state, meta.timerFor?.(state));
    await this.em.query(`SELECT pg_notify('incident_events', '')`);
    return state;
  }

  private async saveReadModel(expectedVersion: number, state: Exclude<IncidentState, { status: 'none' }>, nextTimerAt: string | undefined): Promise<void> {
    const values = [
      state.id,
      state.dedupKey,
      state.integrationId,
      state.source,
      state.status,
      state.severity,
      state.summary,
      state.service,
      JSON.stringify(state.labels),
      state.alertCount,
      state.flapping,
      state.openedAt,
      state.lastAlertAt,
      state.acknowledgedAt,
      state.resolvedAt,
      nextTimerAt ?? null,
      state.version,
      JSON.stringify(state),
    ];
    if (expectedVersion === 0) {
      try {
        await this.em.query(
          `INSERT INTO incidents (id, dedup_key, integration_id, source, status, severity, summary, service, labels,
             alert_count, flapping, opened_at, last_alert_at, acknowledged_at, resolved_at, next_timer_at, version, state)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18)`,
          values,
        );
      } catch (error) {
        throw asConflict(error, `an open incident for ${state.dedupKey} already exists`);
      }
      return;
    }
    const result: [unknown[], number] = await this.em.query(
      `UPDATE incidents SET dedup_key=$2, integration_id=$3, source=$4, status=$5, severity=$6, summary=$7, service=$8,
         labels=$9, alert_count=$10, flapping=$11, opened_at=$12, last_alert_at=$13, acknowledged_at=$14, resolved_at=$15,
         next_timer_at=$16, version=$17, state=$18
       WHERE id=$1 AND version=$19`,
      [...values, expectedVersion],
    );
    if (result[1] !== 1) throw new ConcurrencyConflict(`incident ${state.id} changed since version ${expectedVersion}`);
  }
}

function asConflict(error: unknown, message: string): unknown {
  const code = (error as { code?: unknown } | null)?.code ?? (error as { driverError?: { code?: unknown } } | null)?.driverError?.code;
  return code === '23505' ? new ConcurrencyConflict(message, { cause: error }) : error;
}
