import type { EntityManager } from 'typeorm';
import { jsonbRows, queryPrepared } from '@herald/persistence';
import type { Incident } from '../domain/index.js';

/** One row of the `incidents` read model, as written: the columns are derived from the state. */
export interface ReadModelRow {
  readonly id: string;
  readonly dedup_key: string;
  readonly integration_id: string;
  readonly source: string;
  readonly status: string;
  readonly severity: string;
  readonly summary: string;
  readonly service: string | null;
  readonly labels: Readonly<Record<string, string>>;
  readonly alert_count: number;
  readonly flapping: boolean;
  readonly opened_at: string;
  readonly last_alert_at: string;
  readonly acknowledged_at: string | null;
  readonly resolved_at: string | null;
  readonly next_timer_at: string | null;
  readonly version: number;
  readonly state: Incident;
}

export const readModelRow = (state: Incident, nextTimerAt: string | null): ReadModelRow => ({
  id: state.id,
  dedup_key: state.dedupKey,
  integration_id: state.integrationId,
  source: state.source,
  status: state.status,
  severity: state.severity,
  summary: state.summary,
  service: state.service,
  labels: state.labels,
  alert_count: state.alertCount,
  flapping: state.flapping,
  opened_at: state.openedAt,
  last_alert_at: state.lastAlertAt,
  acknowledged_at: state.acknowledgedAt,
  resolved_at: state.resolvedAt,
  next_timer_at: nextTimerAt,
  version: state.version,
  state,
});

const COLUMNS = [
  'id uuid',
  'dedup_key text',
  'integration_id text',
  'source text',
  'status text',
  'severity text',
  'summary text',
  'service text',
  'labels jsonb',
  'alert_count integer',
  'flapping boolean',
  'opened_at timestamptz',
  'last_alert_at timestamptz',
  'acknowledged_at timestamptz',
  'resolved_at timestamptz',
  'next_timer_at timestamptz',
  'version integer',
  'state jsonb',
] as const;
/** The read model's column names, in the order rows are written. */
export const READ_MODEL_COLUMNS: readonly string[] = COLUMNS.map((c) => c.split(' ')[0]!);
const NAMES = READ_MODEL_COLUMNS;
/** Read-model rows (JSON text in `param`) as a record set `r`. */
export const readModelRecords = (param: string): string => `jsonb_to_recordset(${param}::jsonb) AS r(${COLUMNS.join(', ')}, expected integer)`;
const RECORD = readModelRecords('$1');

/** Rows per statement: keeps one parameter comfortably small. */
const CHUNK = 500;

/** Inserts read-model rows, many per statement. A unique violation propagates (the caller maps it). */
export async function insertReadModel(em: EntityManager, rows: readonly ReadModelRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await queryPrepared(
      em,
      `INSERT INTO incidents (${NAMES.join(', ')}) SELECT ${NAMES.map((n) => `r.${n}`).join(', ')} FROM ${RECORD}`,
      [jsonbRows(rows.slice(i, i + CHUNK))],
    );
  }
}

/**
 * Updates read-model rows whose version is still the expected one, many per statement.
 * Returns how many rows matched; fewer than given means another writer got there first.
 */
export async function updateReadModel(
  em: EntityManager,
  rows: ReadonlyArray<ReadModelRow & { readonly expected: number }>,
): Promise<number> {
  let matched = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const updated = await queryPrepared(
      em,
      `UPDATE incidents AS i SET ${NAMES.filter((n) => n !== 'id').map((n) => `${n} = r.${n}`).join(', ')}
         FROM ${RECORD}
        WHERE i.id = r.id AND i.version = r.expected
        RETURNING i.id`,
      [jsonbRows(rows.slice(i, i + CHUNK))],
    );
    matched += updated.length;
  }
  return matched;
}
