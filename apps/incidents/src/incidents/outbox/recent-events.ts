import type { EventRecord } from '../store/incident-store.js';

/** Enough for a storm's worth of batches between a commit and its relay pass; past it, the oldest go. */
export const RECENT_EVENTS_MAX = 5_000;

/**
 * Events this replica committed, by event id, until its own relay publishes them: the relay
 * then reads only the events' positions back from PostgreSQL, not their bodies (reading every
 * event and snapshot back was about a tenth of the incidents service's CPU profile in a storm).
 * Bounded, oldest first out; an event not found here (dropped, committed by another replica,
 * or from before a restart) is read from the table as before. Only committed records are added,
 * so what is here is exactly what the table holds.
 */
export class RecentEvents {
  private readonly byId = new Map<string, EventRecord>();

  constructor(private readonly max = RECENT_EVENTS_MAX) {}

  get size(): number {
    return this.byId.size;
  }

  add(records: readonly EventRecord[]): void {
    for (const record of records) {
      this.byId.delete(record.event.id);
      this.byId.set(record.event.id, record);
    }
    for (const id of this.byId.keys()) {
      if (this.byId.size <= this.max) break;
      this.byId.delete(id);
    }
  }

  /** The record, removed: each event is published from here at most once. */
  take(eventId: string): EventRecord | undefined {
    const record = this.byId.get(eventId);
    if (record) this.byId.delete(eventId);
    return record;
  }

  clear(): void {
    this.byId.clear();
  }
}
