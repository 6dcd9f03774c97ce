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

  /** The entry and how long ago it was stored, fresh or not. */
  entry(key: K, nowMs: number): { value: V; ageMs: number } | undefined {
    const entry = this.entries.get(key);
    return entry && { value: entry.value, ageMs: nowMs - entry.storedAtMs };
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

/** How a lookup is answered from what the cache holds. */
export type CachedAnswer<V> = { readonly kind: 'fresh'; readonly value: V } | { readonly kind: 'revalidate'; readonly value: V } | { readonly kind: 'load' };

/**
 * A fresh entry is the answer. An entry past its TTL but younger than `revalidateWithinMs` is
 * the answer too, while the caller reads the source again in the background (stale while
 * revalidating), unless it is a cached miss (null): something created meanwhile is waited for
 * rather than refused once more. Anything else waits for the read.
 */
export function cachedAnswer<V>(entry: { readonly value: V | null; readonly ageMs: number } | undefined, ttlMs: number, revalidateWithinMs: number): CachedAnswer<V | null> {
  if (entry === undefined) return { kind: 'load' };
  if (entry.ageMs < ttlMs) return { kind: 'fresh', value: entry.value };
  if (entry.value !== null && entry.ageMs < revalidateWithinMs) return { kind: 'revalidate', value: entry.value };
  return { kind: 'load' };
}
