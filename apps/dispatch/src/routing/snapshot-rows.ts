import type { IncidentEventMessage } from '@herald/contracts';
import { jsonbRows } from '@herald/persistence';

/**
 * Per incident, the message with the newest version among `messages` (one statement cannot
 * upsert a row twice). Keyed by the id in lower case, as PostgreSQL returns a uuid.
 */
export function newestPerIncident(messages: readonly IncidentEventMessage[]): Map<string, IncidentEventMessage> {
  const newest = new Map<string, IncidentEventMessage>();
  for (const m of messages) {
    const id = m.incident.id.toLowerCase();
    const known = newest.get(id);
    if (!known || known.event.version < m.event.version) newest.set(id, m);
  }
  return newest;
}

/** The messages whose snapshot a statement reports written (`ids` as PostgreSQL returned them). */
export function writtenMessages(newest: ReadonlyMap<string, IncidentEventMessage>, ids: readonly string[]): IncidentEventMessage[] {
  return ids.flatMap((id) => {
    const message = newest.get(id.toLowerCase());
    return message ? [message] : [];
  });
}

/** The `$n` parameter for `upsertSnapshots`. */
export function snapshotRowsParameter(newest: ReadonlyMap<string, IncidentEventMessage>): Buffer {
  return jsonbRows([...newest.values()].map((m) => ({ incident_id: m.incident.id, version: m.event.version, status: m.incident.status, snapshot: m.incident })));
}

/**
 * Upserts incident snapshots given as a jsonb array in parameter `$n`, newest version wins;
 * returns the ids written. Usable alone or as a CTE of a larger statement.
 */
export function upsertSnapshots(n: number): string {
  return `INSERT INTO incident_snapshots (incident_id, version, status, snapshot)
     SELECT incident_id, version, status, snapshot
       FROM jsonb_to_recordset($${n}::jsonb) AS s(incident_id uuid, version integer, status text, snapshot jsonb)
     ON CONFLICT (incident_id) DO UPDATE SET version = EXCLUDED.version, status = EXCLUDED.status, snapshot = EXCLUDED.snapshot, updated_at = now()
     WHERE incident_snapshots.version < EXCLUDED.version
     RETURNING incident_id`;
}
