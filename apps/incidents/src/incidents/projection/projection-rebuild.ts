import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { IncidentEvent } from '@herald/contracts';
import { INCIDENT_POLICY } from '../application/incident-commands.js';
import { evolve, initialState, nextTimerAt, type IncidentPolicy, type IncidentState } from '../domain/index.js';
import { insertReadModel, readModelRow, type ReadModelRow } from '../store/read-model.js';

export interface RebuildReport {
  readonly incidents: number;
  readonly events: number;
  readonly durationMs: number;
}

interface EventRow {
  stream_id: string;
  version: number;
  event: unknown;
}

const PAGE = 2_000;
const WRITE_CHUNK = 500;

/**
 * Rebuilds the `incidents` read model from the event store: every stream folded with
 * `evolve`, its timer derived from the current policy. One transaction under an
 * EXCLUSIVE lock on `incidents` (readers go on seeing the old table; writers wait),
 * so the swap is atomic and no command slips in between the fold and the write.
 */
@Injectable()
export class ProjectionRebuilder {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(INCIDENT_POLICY) private readonly policy: IncidentPolicy,
  ) {}

  async rebuild(): Promise<RebuildReport> {
    const started = performance.now();
    const counts = await this.dataSource.transaction(async (em) => {
      await em.query('LOCK TABLE incidents IN EXCLUSIVE MODE');
      await em.query('DELETE FROM incidents');
      return this.foldAll(em);
    });
    return { ...counts, durationMs: Math.round(performance.now() - started) };
  }

  private async foldAll(em: EntityManager): Promise<{ incidents: number; events: number }> {
    let after = { stream: '00000000-0000-0000-0000-000000000000', version: 0 };
    let current: IncidentState = initialState;
    let currentStream: string | undefined;
    let rows: ReadModelRow[] = [];
    let incidents = 0;
    let events = 0;
    const finish = async (force: boolean): Promise<void> => {
      if (current.status !== 'none') {
        rows.push(readModelRow(current, nextTimerAt(current, this.policy) ?? null));
        incidents += 1;
      }
      current = initialState;
      if (rows.length >= WRITE_CHUNK || (force && rows.length > 0)) {
        await insertReadModel(em, rows);
        rows = [];
      }
    };
    for (;;) {
      const page: EventRow[] = await em.query(
        `SELECT stream_id::text, version, event FROM events
          WHERE (stream_id, version) > ($1::uuid, $2::integer) ORDER BY stream_id, version LIMIT ${PAGE}`,
        [after.stream, after.version],
      );
      for (const row of page) {
        if (row.stream_id !== currentStream) {
          await finish(false);
          currentStream = row.stream_id;
        }
        const parsed = IncidentEvent.safeParse(row.event);
        if (!parsed.success) throw new Error(`event ${row.stream_id}@${row.version} does not match the contract: ${parsed.error.message}`);
        current = evolve(current, parsed.data);
        events += 1;
      }
      const last = page.at(-1);
      if (!last) break;
      after = { stream: last.stream_id, version: last.version };
    }
    await finish(true);
    return { incidents, events };
  }
}
