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

/** One row of the `$n` parameter of `upsertSnapshots`: the snapshot itself, or the job whose message carries it. */
export type SnapshotRow =
  | { readonly incident_id: string; readonly version: number; readonly status: string; readonly snapshot: IncidentEventMessage['incident'] }
  | { readonly incident_id: string; readonly version: number; readonly status: string; readonly job_id: string };

/**
 * The rows for `upsertSnapshots`. `carrier` names a job of the same statement whose message is
 * this very message: its snapshot is then taken from that job's row (`job -> 'message' ->
 * 'incident'`) instead of being sent a second time. In a storm every event has a job, and its
 * snapshot was a seventh of what dispatch wrote to PostgreSQL, serialised, sent and parsed twice.
 */
export function snapshotRows(newest: ReadonlyMap<string, IncidentEventMessage>, carrier: (message: IncidentEventMessage) => string | undefined = () => undefined): SnapshotRow[] {
  return [...newest.values()].map((m) => {
    const base = { incident_id: m.incident.id, version: m.event.version, status: m.incident.status };
    const jobId = carrier(m);
    return jobId === undefined ? { ...base, snapshot: m.incident } : { ...base, job_id: jobId };
  });
}

/** The `$n` parameter for `upsertSnapshots`. */
export function snapshotRowsParameter(newest: ReadonlyMap<string, IncidentEventMessage>, carrier?: (message: IncidentEventMessage) => string | undefined): Buffer {
  return jsonbRows(snapshotRows(newest, carrier));
}

/**
 * Upserts incident snapshots given as a jsonb array in parameter `$n`, newest version wins;
 * returns the ids written. Usable alone or as a CTE of a larger statement. `jobs` names a CTE
 * of the statement with `job_id` and `job` columns: a row that names a `job_id` instead of a
 * snapshot takes the snapshot from that job's message (see `snapshotRows`).
 */
export function upsertSnapshots(n: number, jobs?: string): string {
  const snapshot = jobs ? `COALESCE(s.snapshot, j.job -> 'message' -> 'incident')` : 's.snapshot';
  // One row per job: an event that came twice in a batch has its job twice, and a second joined
  // row would make the upsert touch its incident twice (which PostgreSQL refuses).
  const join = jobs ? `LEFT JOIN (SELECT DISTINCT ON (job_id) job_id, job FROM ${jobs}) j ON j.job_id = s.job_id` : '';
  return `INSERT INTO incident_snapshots (incident_id, version, status, snapshot)
     SELECT s.incident_id, s.version, s.status, ${snapshot}
       FROM jsonb_to_recordset($${n}::jsonb) AS s(incident_id uuid, version integer, status text, snapshot jsonb, job_id text) ${join}
     ON CONFLICT (incident_id) DO UPDATE SET version = EXCLUDED.version, status = EXCLUDED.status, snapshot = EXCLUDED.snapshot, updated_at = now()
     WHERE incident_snapshots.version < EXCLUDED.version
     RETURNING incident_id`;
}
