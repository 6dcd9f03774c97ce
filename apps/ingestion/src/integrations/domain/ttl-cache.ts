/**
 * A small map whose entries are fresh for `ttlMs` after they were stored and may be
 * served stale on request (when the source of truth is unreachable). Bounded: when
 * full, the oldest entry goes, so lookups of random ids cannot grow it without end.
 * Time comes in as an argument.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; storedAtMs: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  /** The fresh entry, or undefined. `{ value }` so that a cached `null` (a known miss) is a hit. */
  get(key: K, nowMs: number): { value: V } | undefined {
    return this.within(key, nowMs, this.ttlMs);
  }

  /** The entry if it is at most `maxAgeMs` old, fresh or not. */
  getStale(key: K, nowMs: number, maxAgeMs: number): { value: V } | undefined {
    return this.within(key, nowMs, maxAgeMs);
  }

  set(key: K, value: V, nowMs: number): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, storedAtMs: nowMs });
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private within(key: K, nowMs: number, maxAgeMs: number): { value: V } | undefined {
    const entry = this.entries.get(key);
    return entry && nowMs - entry.storedAtMs < maxAgeMs ? { value: entry.value } : undefined;
  }
}
