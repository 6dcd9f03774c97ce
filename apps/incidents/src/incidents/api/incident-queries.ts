import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { IncidentEvent, IncidentSnapshot } from '@herald/contracts';
import { toSnapshot, type Incident } from '../domain/index.js';
import { encodeCursor, type Cursor, type ListIncidentsQuery } from './incidents.requests.js';

/** An incident as the API shows it: the published snapshot, its version and its next timer. */
export type IncidentView = IncidentSnapshot & { readonly version: number; readonly nextTimerAt?: string };

export interface IncidentPage {
  readonly items: IncidentView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

export interface IncidentDetail {
  readonly incident: IncidentView;
  readonly timeline: IncidentEvent[];
  /** Pass as `timelineAfter` for more of the timeline; null when it is complete. */
  readonly nextTimelineAfter: number | null;
}

interface IncidentRow {
  state: Incident;
  next_timer_at: Date | null;
  cursor_opened_at: string;
}

/** Microseconds in UTC, so a keyset cursor round-trips the stored value exactly. */
const OPENED_AT_TEXT = `to_char(opened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_opened_at`;

/** The read side of the API: the `incidents` read model and the event store, never locked. */
@Injectable()
export class IncidentQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first (opened_at, id), keyset-paginated. */
  async list(query: ListIncidentsQuery, cursor: Cursor | undefined): Promise<IncidentPage> {
    const params: unknown[] = [];
    const p = (value: unknown, cast: string): string => {
      params.push(value);
      return `$${params.length}::${cast}`;
    };
    const where: string[] = [];
    if (query.status) where.push(`status = ANY(${p(query.status, 'text[]')})`);
    if (query.severity) where.push(`severity = ANY(${p(query.severity, 'text[]')})`);
    if (query.source) where.push(`source = ANY(${p(query.source, 'text[]')})`);
    if (query.service) where.push(`service = ${p(query.service, 'text')}`);
    if (query.dedupKey) where.push(`dedup_key = ${p(query.dedupKey, 'text')}`);
    if (query.text) where.push(`summary ILIKE ${p(`%${escapeLike(query.text)}%`, 'text')}`);
    if (query.from) where.push(`opened_at >= ${p(query.from, 'timestamptz')}`);
    if (query.to) where.push(`opened_at < ${p(query.to, 'timestamptz')}`);
    if (cursor) where.push(`(opened_at, id) < (${p(cursor.openedAt, 'timestamptz')}, ${p(cursor.id, 'uuid')})`);
    const rows: IncidentRow[] = await this.dataSource.query(
      `SELECT state, next_timer_at, ${OPENED_AT_TEXT} FROM incidents
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY opened_at DESC, id DESC LIMIT ${p(query.limit + 1, 'integer')}`,
      params,
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(view),
      nextCursor: rows.length > query.limit && last ? encodeCursor({ openedAt: last.cursor_opened_at, id: last.state.id }) : null,
    };
  }

  /** The incident with a page of its events in version order; undefined when there is no such incident. */
  async get(id: string, timelineAfter: number, timelineLimit: number): Promise<IncidentDetail | undefined> {
    const rows: IncidentRow[] = await this.dataSource.query(`SELECT state, next_timer_at, ${OPENED_AT_TEXT} FROM incidents WHERE id = $1`, [id]);
    const row = rows[0];
    if (!row) return undefined;
    const events: Array<{ event: IncidentEvent }> = await this.dataSource.query(
      'SELECT event FROM events WHERE stream_id = $1 AND version > $2 ORDER BY version LIMIT $3',
      [id, timelineAfter, timelineLimit + 1],
    );
    const timeline = events.slice(0, timelineLimit).map((e) => e.event);
    return {
      incident: view(row),
      timeline,
      nextTimelineAfter: events.length > timelineLimit ? (timeline.at(-1)?.version ?? null) : null,
    };
  }
}

export function present(state: Incident, nextTimerAt: Date | string | null): IncidentView {
  const at = nextTimerAt instanceof Date ? nextTimerAt.toISOString() : nextTimerAt;
  return { ...toSnapshot(state)!, version: state.version, ...(at ? { nextTimerAt: at } : {}) };
}

const view = (row: IncidentRow): IncidentView => present(row.state, row.next_timer_at);

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
