import { Injectable } from '@nestjs/common';
import type { EventRecord } from '../store/incident-store.js';
import { RecentEvents } from './recent-events.js';

/**
 * How a committed batch wakes the outbox relay. When this replica's own relay leads, it is
 * woken in-process the moment the transaction commits, and the transaction sends no NOTIFY:
 * that would only wake the same process a second time, for a pass that finds nothing. When
 * another replica leads, the transaction NOTIFYs (transactional, so only on commit). Should
 * leadership move between the decision and the commit, the new leader's poll (1 s) finds
 * the events.
 *
 * While this replica's relay leads, the committed events also go to it in memory (`recent`),
 * so it publishes them without reading their bodies back.
 */
@Injectable()
export class OutboxSignal {
  private local: (() => void) | undefined;
  private leading = false;
  /** Committed events for this replica's leading relay (see RecentEvents). */
  readonly recent = new RecentEvents();

  /** Called by the relay: how to wake it, and whether it currently leads. */
  attach(wake: () => void): void {
    this.local = wake;
  }

  setLeading(leading: boolean): void {
    this.leading = leading;
    if (!leading) this.recent.clear();
  }

  /** Whether a transaction that appends events must NOTIFY (another replica's relay leads). */
  get notifyOthers(): boolean {
    return !this.leading;
  }

  /** After a commit that appended `events` (as written). */
  committed(events: readonly EventRecord[]): void {
    if (!this.leading) return;
    this.recent.add(events);
    this.local?.();
  }
}
