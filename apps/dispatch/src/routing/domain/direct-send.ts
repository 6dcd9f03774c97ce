/**
 * Direct sends: routing makes the first attempt of a fresh job itself instead of publishing it
 * to DISPATCH for the sender to pull back (a stream write, a pull, a decode and an ack per job).
 * Two pure decisions: which jobs go direct, and what an attempt's outcome means for the job.
 */

/** What routing knows about one notification it is about to hand on. */
export interface DirectCandidate {
  readonly jobId: string;
  readonly receiverId: string;
  /** Muted notifications are recorded, not sent. */
  readonly muted: boolean;
  /** Its incident event came again (a crash or a lost ack): it may have been attempted already. */
  readonly redelivered: boolean;
}

export interface DirectRoom {
  /** Fresh jobs the receiver may take straight away (0: it holds jobs back, batches, is slow…). */
  readonly capacityOf: (receiverId: string) => number;
  /** Direct sends to the receiver already under way on this replica. */
  readonly inFlightOf: (receiverId: string) => number;
  /** Direct sends this replica may still start, over all receivers. */
  readonly free: number;
}

/**
 * The job ids to send directly, in order, within each receiver's room and the replica's. A
 * redelivered event's jobs never go direct: only the sender's delivery-log check can tell
 * whether they were attempted before, so they take the broker's path.
 */
export function chooseDirect(candidates: readonly DirectCandidate[], room: DirectRoom): Set<string> {
  const chosen = new Set<string>();
  const taken = new Map<string, number>();
  for (const c of candidates) {
    if (chosen.size >= room.free) break;
    if (c.muted || c.redelivered || chosen.has(c.jobId)) continue;
    const already = taken.get(c.receiverId) ?? room.inFlightOf(c.receiverId);
    if (already >= room.capacityOf(c.receiverId)) continue;
    chosen.add(c.jobId);
    taken.set(c.receiverId, already + 1);
  }
  return chosen;
}

/** How a direct attempt ended, as the sender reports it for any job. */
export type AttemptOutcome = { readonly type: 'ack' } | { readonly type: 'retry'; readonly delayMs: number } | { readonly type: 'dead' } | { readonly type: 'error' };

export type AfterDirect =
  /** Settled: delivered, or finally failed, and recorded. */
  | { readonly action: 'done' }
  /** To DISPATCH, to be attempted again not before `notBefore` (epoch ms; undefined: at once). */
  | { readonly action: 'hand_over'; readonly notBefore: number | undefined };

/**
 * A direct job the sender acked is done. One it wants back later (a retry, or held back by a
 * gate that closed meanwhile) goes to DISPATCH carrying that delay, so the broker holds it as
 * it holds any retry. One whose handling failed (the database or NATS away) goes to DISPATCH at
 * once: the sender's recovery (it republishes an outcome recorded but not published) runs there.
 */
export function afterDirect(outcome: AttemptOutcome, now: number): AfterDirect {
  switch (outcome.type) {
    case 'ack':
      return { action: 'done' };
    case 'retry':
      return { action: 'hand_over', notBefore: outcome.delayMs > 0 ? now + outcome.delayMs : undefined };
    case 'dead':
    case 'error':
      return { action: 'hand_over', notBefore: undefined };
  }
}
