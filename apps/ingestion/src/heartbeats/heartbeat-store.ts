import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { DedupScope, Severity } from '@herald/contracts';
import type { HeartbeatState } from './domain/heartbeat.js';
import type { HeartbeatSubject } from './domain/heartbeat-alert.js';

interface StateRow {
  status: string;
  last_ping_at: Date | null;
  misses: number;
  missed_at: Date | null;
}

interface DueRow extends StateRow {
  integration_id: string;
  name: string;
  created_at: Date;
  heartbeat_interval_seconds: number;
  heartbeat_grace_seconds: number | null;
  severity_map: Record<string, Severity> | null;
  dedup_scope: string;
}

/** A heartbeat that is due, locked for this transaction, with what its announcement needs. */
export interface DueHeartbeat {
  readonly subject: HeartbeatSubject;
  readonly state: HeartbeatState;
}

/**
 * `heartbeat_state` in PostgreSQL: one row per heartbeat integration that has been pinged.
 * Pings lock their row; the due-check locks due rows with SKIP LOCKED, so replicas share the
 * checks and no heartbeat is checked by two at once.
 */
@Injectable()
export class HeartbeatStore {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The heartbeat's state, its row created (`waiting`) if this is its first ping, and locked until commit. */
  async lockForPing(manager: EntityManager, integrationId: string): Promise<HeartbeatState> {
    // DO UPDATE (not DO NOTHING) so the statement returns, and locks, an existing row as well.
    const rows = await manager.query<StateRow[]>(
      `INSERT INTO heartbeat_state (integration_id, status) VALUES ($1, 'waiting')
       ON CONFLICT (integration_id) DO UPDATE SET integration_id = excluded.integration_id
       RETURNING status, last_ping_at, misses, missed_at`,
      [integrationId],
    );
    return toState(rows[0]!);
  }

  /** Heartbeats up whose interval and grace have passed by `now`, locked; ones another replica holds are skipped. */
  async lockDue(manager: EntityManager, now: number, limit: number): Promise<DueHeartbeat[]> {
    const rows = await manager.query<DueRow[]>(
      `SELECT s.integration_id, s.status, s.last_ping_at, s.misses, s.missed_at,
              i.name, i.created_at, i.heartbeat_interval_seconds, i.heartbeat_grace_seconds, i.severity_map, i.dedup_scope
         FROM heartbeat_state s JOIN integrations i ON i.id = s.integration_id
        WHERE s.status = 'up' AND i.enabled AND i.source = 'heartbeat' AND i.heartbeat_interval_seconds IS NOT NULL
          AND s.last_ping_at + make_interval(secs => i.heartbeat_interval_seconds + coalesce(i.heartbeat_grace_seconds, 0)) <= to_timestamp($1 / 1000.0)
        ORDER BY s.last_ping_at
        LIMIT $2
        FOR UPDATE OF s SKIP LOCKED`,
      [now, limit],
    );
    return rows.map((row) => ({
      state: toState(row),
      subject: {
        id: row.integration_id,
        createdAt: row.created_at.getTime(),
        name: row.name,
        timing: { intervalSeconds: row.heartbeat_interval_seconds, graceSeconds: row.heartbeat_grace_seconds ?? 0 },
        severityMap: row.severity_map,
        dedupScope: row.dedup_scope === 'global' ? 'global' : ('integration' satisfies DedupScope),
      },
    }));
  }

  async save(manager: EntityManager, integrationId: string, state: HeartbeatState): Promise<void> {
    await manager.query(
      `UPDATE heartbeat_state SET status = $2, last_ping_at = $3, misses = $4, missed_at = $5, updated_at = now() WHERE integration_id = $1`,
      [
        integrationId,
        state.status,
        state.status === 'waiting' ? null : new Date(state.lastPingAt),
        state.misses,
        state.status === 'missing' ? new Date(state.missedAt) : null,
      ],
    );
  }

  /** The last ping of every heartbeat pinged at least once (for the metrics). */
  async lastPings(): Promise<Array<{ integrationId: string; lastPingAt: Date; missing: boolean }>> {
    const rows = await this.dataSource.query<Array<{ integration_id: string; last_ping_at: Date; status: string }>>(
      'SELECT integration_id, last_ping_at, status FROM heartbeat_state WHERE last_ping_at IS NOT NULL',
    );
    return rows.map((r) => ({ integrationId: r.integration_id, lastPingAt: r.last_ping_at, missing: r.status === 'missing' }));
  }
}

function toState(row: StateRow): HeartbeatState {
  const misses = Number(row.misses);
  if (row.status === 'waiting' || row.last_ping_at === null) return { status: 'waiting', misses };
  if (row.status === 'missing') return { status: 'missing', lastPingAt: row.last_ping_at.getTime(), misses, missedAt: (row.missed_at ?? row.last_ping_at).getTime() };
  return { status: 'up', lastPingAt: row.last_ping_at.getTime(), misses };
}
