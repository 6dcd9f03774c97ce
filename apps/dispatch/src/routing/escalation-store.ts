import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { IncidentSnapshot } from '@herald/contracts';
import type { EscalationChange, EscalationState } from './domain/index.js';

interface DueRow {
  incident_id: string;
  policy_id: string;
  episode: number;
  round: number;
  step: number;
  due_at: Date;
  snapshot: unknown;
}

export interface DueEscalation extends EscalationState {
  /** The incident as dispatch last saw it; undefined when not seen yet. */
  readonly incident: IncidentSnapshot | undefined;
}

/**
 * Escalation timers (`escalation_state`): per incident, the next step of its policy and when it
 * is due. A start replaces only an escalation of an earlier episode and a stop removes only
 * one started before it, so a redelivered event never rewinds an escalation.
 */
@Injectable()
export class EscalationStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Applies a batch's changes in one statement; returns how many escalations started. */
  async apply(changes: ReadonlyArray<{ incidentId: string; version: number; change: EscalationChange }>, now: number): Promise<number> {
    if (changes.length === 0) return 0;
    const starts = changes.flatMap((c) => (c.change.kind === 'start' ? [{ incident_id: c.incidentId, policy_id: c.change.policyId, episode: c.change.episode }] : []));
    const stops = changes.flatMap((c) => (c.change.kind === 'stop' ? [{ incident_id: c.incidentId, version: c.version }] : []));
    const rows = await this.dataSource.query<Array<{ started: number }>>(
      `WITH started AS (
         INSERT INTO escalation_state (incident_id, policy_id, episode, round, step, due_at)
         SELECT incident_id, policy_id, episode, 1, 1, $3 FROM jsonb_to_recordset($1::jsonb) AS x(incident_id uuid, policy_id text, episode integer)
         ON CONFLICT (incident_id) DO UPDATE SET policy_id = EXCLUDED.policy_id, episode = EXCLUDED.episode, round = 1, step = 1,
           due_at = EXCLUDED.due_at, started_at = now()
           WHERE escalation_state.episode < EXCLUDED.episode
         RETURNING incident_id),
       stopped AS (
         DELETE FROM escalation_state e USING jsonb_to_recordset($2::jsonb) AS s(incident_id uuid, version integer)
         WHERE e.incident_id = s.incident_id AND e.episode < s.version)
       SELECT count(*)::int AS started FROM started`,
      [JSON.stringify(starts), JSON.stringify(stops), new Date(now)],
    );
    return rows[0]?.started ?? 0;
  }

  /** Escalations due at `now`, locked for this transaction (other replicas skip them). */
  async lockDue(manager: EntityManager, now: number, limit: number): Promise<DueEscalation[]> {
    const rows = await manager.query<DueRow[]>(
      `SELECT e.incident_id, e.policy_id, e.episode, e.round, e.step, e.due_at, s.snapshot
       FROM escalation_state e LEFT JOIN incident_snapshots s ON s.incident_id = e.incident_id
       WHERE e.due_at <= $1 ORDER BY e.due_at LIMIT $2 FOR UPDATE OF e SKIP LOCKED`,
      [new Date(now), limit],
    );
    return rows.map((row) => {
      const snapshot = row.snapshot ? IncidentSnapshot.safeParse(row.snapshot) : undefined;
      return {
        incidentId: row.incident_id,
        policyId: row.policy_id,
        episode: row.episode,
        round: row.round,
        step: row.step,
        dueAt: row.due_at.getTime(),
        incident: snapshot?.success ? snapshot.data : undefined,
      };
    });
  }

  async advance(manager: EntityManager, incidentId: string, next: Pick<EscalationState, 'round' | 'step' | 'dueAt'>): Promise<void> {
    await manager.query('UPDATE escalation_state SET round = $2, step = $3, due_at = $4 WHERE incident_id = $1', [incidentId, next.round, next.step, new Date(next.dueAt)]);
  }

  async finish(manager: EntityManager, incidentId: string): Promise<void> {
    await manager.query('DELETE FROM escalation_state WHERE incident_id = $1', [incidentId]);
  }

  get transaction(): DataSource['transaction'] {
    return this.dataSource.transaction.bind(this.dataSource);
  }
}
