/*
 * Which alerts were sent and how often each reached the receiver. One ledger per system
 * under test; every alert has a key of its own (its `bench_seq` label) and belongs to a
 * group (its scenario). Pure: times come in as arguments (performance.now() of the bench
 * process, for sender and receiver alike).
 */

interface Entry {
  readonly group: string;
  readonly sentAt: number;
  deliveries: number;
  firstDeliveryAt?: number;
}

/** How a set of alerts fared. */
export interface DeliveryOutcome {
  readonly sent: number;
  readonly delivered: number;
  /** Keys never delivered. */
  readonly lost: readonly string[];
  /** Keys delivered more than once. */
  readonly duplicated: readonly string[];
  /** Send → first delivery per delivered alert, ms, ascending. */
  readonly latenciesMs: readonly number[];
  readonly firstSentAt: number;
  readonly lastDeliveredAt: number;
}

export class DeliveryLedger {
  private readonly entries = new Map<string, Entry>();
  /** group → alerts sent and not yet delivered, kept as a count so polling it costs nothing. */
  private readonly undelivered = new Map<string, number>();
  /** Deliveries of keys nobody sent (another run's alerts, or a bug). */
  unexpected = 0;
  lastFirstDeliveryAt = 0;

  expect(group: string, key: string, sentAt: number): void {
    if (this.entries.has(key)) throw new Error(`alert ${key} was sent twice by the bench itself`);
    this.entries.set(key, { group, sentAt, deliveries: 0 });
    this.undelivered.set(group, this.pending(group) + 1);
  }

  record(key: string, at: number): void {
    const entry = this.entries.get(key);
    if (!entry) {
      this.unexpected += 1;
      return;
    }
    entry.deliveries += 1;
    if (entry.firstDeliveryAt !== undefined) return;
    entry.firstDeliveryAt = at;
    this.lastFirstDeliveryAt = at;
    this.undelivered.set(entry.group, this.pending(entry.group) - 1);
  }

  /** Alerts of the group sent and not yet delivered. */
  pending(group: string): number {
    return this.undelivered.get(group) ?? 0;
  }

  outcome(keys: readonly string[]): DeliveryOutcome {
    const lost: string[] = [];
    const duplicated: string[] = [];
    const latenciesMs: number[] = [];
    let firstSentAt = Number.POSITIVE_INFINITY;
    let lastDeliveredAt = Number.NEGATIVE_INFINITY;
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (!entry) throw new Error(`alert ${key} was never sent`);
      firstSentAt = Math.min(firstSentAt, entry.sentAt);
      if (entry.firstDeliveryAt === undefined) {
        lost.push(key);
        continue;
      }
      if (entry.deliveries > 1) duplicated.push(key);
      latenciesMs.push(entry.firstDeliveryAt - entry.sentAt);
      lastDeliveredAt = Math.max(lastDeliveredAt, entry.firstDeliveryAt);
    }
    latenciesMs.sort((a, b) => a - b);
    return { sent: keys.length, delivered: keys.length - lost.length, lost, duplicated, latenciesMs, firstSentAt, lastDeliveredAt };
  }

  /** The keys of a group, in the order they were sent. */
  keys(group: string): string[] {
    return [...this.entries].filter(([, entry]) => entry.group === group).map(([key]) => key);
  }
}
