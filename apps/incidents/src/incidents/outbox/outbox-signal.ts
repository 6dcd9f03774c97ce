import { Injectable } from '@nestjs/common';
import type { PreparedStatement } from '@herald/persistence';
import type { EventRecord } from '../store/incident-store.js';
import { RecentEvents } from './recent-events.js';
import { refsAfter, type Checkpoint, type OutboxRef } from './relay-read.js';

/** The relay's read made behind a commit: the events after `from`, as the relay would have read them. */
export interface RelayRead {
  readonly from: Checkpoint;
  readonly refs: readonly OutboxRef[];
}

/**
 * How a committed batch wakes the outbox relay. When this replica's own relay leads, it is
 * woken in-process the moment the transaction commits, and the transaction sends no NOTIFY:
 * that would only wake the same process a second time, for a pass that finds nothing. When
 * another replica leads, the transaction NOTIFYs (transactional, so only on commit). Should
 * leadership move between the decision and the commit, the new leader's poll (1 s) finds
 * the events.
 *
 * While this replica's relay leads, the committed events also go to it in memory (`recent`),
 * so it publishes them without reading their bodies back, and the commit makes the relay's read
 * of which events follow its checkpoint (`readAfterCommit`), written right behind the COMMIT on
 * the same connection: the relay's pass then costs no round trip of its own before it publishes.
 */
@Injectable()
export class OutboxSignal {
  private local: (() => void) | undefined;
  private position: () => Checkpoint | undefined = () => undefined;
  private leading = false;
  private read: RelayRead | undefined;
  /** This replica's committed events a read behind their commit could not see yet, with when that was. */
  private readonly unseen = new Map<string, number>();
  /** Committed events for this replica's leading relay (see RecentEvents). */
  readonly recent = new RecentEvents();

  /** Called by the relay: how to wake it, and where it has got to (undefined when it does not lead or does not know yet). */
  attach(wake: () => void, position: () => Checkpoint | undefined = () => undefined): void {
    this.local = wake;
    this.position = position;
  }

  setLeading(leading: boolean): void {
    this.leading = leading;
    if (!leading) {
      this.recent.clear();
      this.read = undefined;
      this.unseen.clear();
    }
  }

  /** The relay's read for a commit to make right behind its COMMIT, when this replica's relay leads and knows its checkpoint. */
  readAfterCommit(): { readonly from: Checkpoint; readonly statement: PreparedStatement } | undefined {
    const from = this.leading ? this.position() : undefined;
    return from ? { from, statement: refsAfter(from) } : undefined;
  }

  /**
   * The read made behind a commit for the relay at `from`, taken once. Reads for an older
   * checkpoint are stale and never returned; of two for the same checkpoint the longer is kept
   * (the later snapshot sees all the earlier one did, in the same order).
   */
  takeRead(from: Checkpoint): readonly OutboxRef[] | undefined {
    const read = this.read;
    this.read = undefined;
    return read && sameCheckpoint(read.from, from) ? read.refs : undefined;
  }

  /** Whether a transaction that appends events must NOTIFY (another replica's relay leads). */
  get notifyOthers(): boolean {
    return !this.leading;
  }

  /**
   * After a commit that appended `events` (as written), with the relay's read made behind it when
   * one was. The read sees only transactions below the oldest one still running anywhere in the
   * database (`pg_snapshot_xmin`): when another service's transaction began before this commit and
   * was still open, the commit's own events are not in it yet. They are remembered (`unseen`), so
   * the relay looks again soon rather than at its next wake-up or poll.
   */
  committed(events: readonly EventRecord[], read?: RelayRead, at = Date.now()): void {
    if (!this.leading) return;
    this.recent.add(events);
    if (read) {
      const seen = new Set(read.refs.map((r) => r.id));
      for (const { event } of events) if (!seen.has(event.id)) this.unseen.set(event.id, at);
      if (!(this.read && sameCheckpoint(this.read.from, read.from) && this.read.refs.length > read.refs.length)) this.read = read;
    }
    this.local?.();
  }

  /**
   * After a relay pass that published `published` (event ids): whether committed events a read
   * could not see are still unpublished, so the relay should look again soon. One that stays
   * unseen for `giveUpMs` is left to the relay's usual wake-ups (its transaction of origin long
   * gone, the blocker is a slow transaction elsewhere: the relay's poll finds it then).
   */
  stillUnseen(published: readonly string[], now: number, giveUpMs: number): boolean {
    if (this.unseen.size === 0) return false;
    for (const id of published) this.unseen.delete(id);
    for (const [id, at] of this.unseen) if (now - at > giveUpMs) this.unseen.delete(id);
    return this.unseen.size > 0;
  }
}

function sameCheckpoint(a: Checkpoint, b: Checkpoint): boolean {
  return a.transaction_id === b.transaction_id && a.position === b.position;
}
