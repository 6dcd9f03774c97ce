import type { PreparedStatement } from '@herald/persistence';

/** Where the relay has got to: the last relayed event's transaction id and position (as text). */
export interface Checkpoint {
  readonly transaction_id: string;
  readonly position: string;
}

/** An event's place in commit order, and its id. */
export interface OutboxRef extends Checkpoint {
  readonly id: string;
}

/** Events the relay reads and publishes per pass at most. */
export const RELAY_BATCH = 500;

/**
 * The relay's read: the ids of the events after `from` in commit order, only those of
 * transactions below the oldest running one (`pg_snapshot_xmin`), so an event of a slow
 * transaction is never skipped. Run by the relay, or right behind a commit on the committing
 * connection (`OutboxSignal.committed`): the same statement on a snapshot after that commit.
 */
export function refsAfter(from: Checkpoint): PreparedStatement {
  return {
    // Qualified names: a bare ORDER BY position would sort the ::text output column ("23" < "3").
    text: `SELECT e.position::text AS position, e.transaction_id::text AS transaction_id, e.id::text AS id
         FROM events AS e
        WHERE (e.transaction_id, e.position) > ($1::xid8, $2::bigint)
          AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY e.transaction_id, e.position
        LIMIT ${RELAY_BATCH}`,
    values: [from.transaction_id, from.position],
  };
}
