import { Injectable } from '@nestjs/common';

/**
 * How a committed batch wakes the outbox relay. When this replica's own relay leads, it is
 * woken in-process the moment the transaction commits, and the transaction sends no NOTIFY:
 * that would only wake the same process a second time, for a pass that finds nothing. When
 * another replica leads, the transaction NOTIFYs (transactional, so only on commit). Should
 * leadership move between the decision and the commit, the new leader's poll (1 s) finds
 * the events.
 */
@Injectable()
export class OutboxSignal {
  private local: (() => void) | undefined;
  private leading = false;

  /** Called by the relay: how to wake it, and whether it currently leads. */
  attach(wake: () => void): void {
    this.local = wake;
  }

  setLeading(leading: boolean): void {
    this.leading = leading;
  }

  /** Whether a transaction that appends events must NOTIFY (another replica's relay leads). */
  get notifyOthers(): boolean {
    return !this.leading;
  }

  /** After a commit that appended events. */
  committed(): void {
    if (this.leading) this.local?.();
  }
}
