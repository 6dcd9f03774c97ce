import { IncidentEventMessage, IncidentEvents } from '@herald/contracts';

/** An event's place in commit order: transaction id, then position (both bigint, as text). */
export interface CommitPosition {
  readonly transaction_id: string;
  readonly position: string;
}

/**
 * What a message found at the tail of INCIDENTS says about how far the stream goes:
 * - `run`: a run of this version's relay; every event up to `lastEventId`, in commit order, is there;
 * - `single`: one event as an earlier version published it (incidents side by side): no
 *   commit-order mark, so the stream is checked incident by incident;
 * - `foreign`: not an incident event message at all (published by something else): look further back.
 */
export type StreamTail = { readonly kind: 'run'; readonly lastEventId: string } | { readonly kind: 'single' } | { readonly kind: 'foreign' };

export function streamTail(payload: unknown): StreamTail {
  const isRun = typeof payload === 'object' && payload !== null && Array.isArray((payload as { events?: unknown }).events);
  if (isRun) {
    const run = IncidentEvents.safeParse(payload);
    const last = run.success ? run.data.events.at(-1) : undefined;
    return last ? { kind: 'run', lastEventId: last.event.id } : { kind: 'foreign' };
  }
  return IncidentEventMessage.safeParse(payload).success ? { kind: 'single' } : { kind: 'foreign' };
}

/** The rows after `mark` in commit order (the rows are in commit order; so is what is returned). */
export function rowsAfter<T extends CommitPosition>(rows: readonly T[], mark: CommitPosition): T[] {
  return rows.filter((row) => compareCommitOrder(row, mark) > 0);
}

function compareCommitOrder(a: CommitPosition, b: CommitPosition): number {
  const byTransaction = compareBigint(a.transaction_id, b.transaction_id);
  return byTransaction !== 0 ? byTransaction : compareBigint(a.position, b.position);
}

function compareBigint(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
