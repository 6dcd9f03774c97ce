/**
 * Dedup keys this replica has seen an incident for, remembered as 30-bit hashes in a bounded
 * set (the oldest forgotten first). A key it has not seen is guessed to be new, and a batch
 * of new keys takes one round trip instead of two (IncidentBatch); PostgreSQL checks the guess
 * inside the transaction, so a wrong one only costs the ordinary path. The set can err only
 * towards "seen" (a hash collision, a key whose incidents were since pruned), which costs the
 * ordinary path too: correctness never depends on it.
 */
export class SeenKeys {
  private readonly hashes = new Set<number>();

  constructor(private readonly capacity: number) {
    if (!(capacity > 0)) throw new Error(`SeenKeys needs a positive capacity, got ${capacity}`);
  }

  has(key: string): boolean {
    return this.hashes.has(keyHash(key));
  }

  add(key: string): void {
    const hash = keyHash(key);
    if (this.hashes.has(hash)) return;
    this.hashes.add(hash);
    // A Set iterates in insertion order: its first entry is the oldest.
    if (this.hashes.size > this.capacity) this.hashes.delete(this.hashes.values().next().value!);
  }

  get size(): number {
    return this.hashes.size;
  }
}

/** FNV-1a over the key's UTF-16 code units, kept to 30 bits so V8 stores it as a small integer (with or without pointer compression). */
export function keyHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 1) & 0x3fffffff;
}
