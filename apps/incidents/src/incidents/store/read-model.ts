import type { EntityManager } from 'typeorm';
import { jsonbRows, queryPrepared, type PreparedStatements } from '@herald/persistence';
import type { Incident } from '../domain/index.js';

/**
 * One row of the `incidents` read model, as sent: the state and its timer. Every other column
 * is derived from the state by the statement (`STATE_COLUMNS`), so the state's fields travel
 * once: sending them as columns too had the labels, summary and times twice in every row,
 * serialised, sent and parsed again per alert of a storm.
 */
export interface ReadModelRow {
  readonly state: Incident;
  readonly next_timer_at: string | null;
}

export const readModelRow = (state: Incident, nextTimerAt: string | null): ReadModelRow => ({ state, next_timer_at: nextTimerAt });

/** The read model's columns taken from the state: column, SQL type, the state's field (type-checked). */
const STATE_COLUMNS = [
  ['id', 'uuid', 'id'],
  ['dedup_key', 'text', 'dedupKey'],
  ['integration_id', 'text', 'integrationId'],
  ['source', 'text', 'source'],
  ['status', 'text', 'status'],
  ['severity', 'text', 'severity'],
  ['summary', 'text', 'summary'],
  ['service', 'text', 'service'],
  ['labels', 'jsonb', 'labels'],
  ['alert_count', 'integer', 'alertCount'],
  ['flapping', 'boolean', 'flapping'],
  ['opened_at', 'timestamptz', 'openedAt'],
  ['last_alert_at', 'timestamptz', 'lastAlertAt'],
  ['acknowledged_at', 'timestamptz', 'acknowledgedAt'],
  ['resolved_at', 'timestamptz', 'resolvedAt'],
  ['version', 'integer', 'version'],
] as const satisfies ReadonlyArray<readonly [string, string, keyof Incident]>;

/** The read model's column names, in the order rows are written. */
export const READ_MODEL_COLUMNS: readonly string[] = [...STATE_COLUMNS.map(([column]) => column), 'next_timer_at', 'state'];
const NAMES = READ_MODEL_COLUMNS;

/** A column's value from the state (`x.state`): a JSON field as text, cast, or as jsonb. */
const fromState = ([column, type, field]: (typeof STATE_COLUMNS)[number]): string =>
  type === 'jsonb' ? `x.state -> '${field}' AS ${column}` : type === 'text' ? `x.state ->> '${field}' AS ${column}` : `(x.state ->> '${field}')::${type} AS ${column}`;

/** Read-model rows (ReadModelRow JSON in `param`, with `expected` for updates) as a relation `r` with every column. */
export const readModelRecords = (param: string): string =>
  `(SELECT ${STATE_COLUMNS.map(fromState).join(', ')}, x.next_timer_at, x.state, x.expected
      FROM jsonb_to_recordset(${param}::jsonb) AS x(state jsonb, next_timer_at timestamptz, expected integer)) AS r`;
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
  tx: PreparedStatements,
  rows: ReadonlyArray<ReadModelRow & { readonly expected: number }>,
): Promise<number> {
  let matched = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const updated = await tx.query(
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
