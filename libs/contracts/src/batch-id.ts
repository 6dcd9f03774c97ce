/**
 * The message id of a batch of items that each have their own id (its `Nats-Msg-Id`, so
 * JetStream drops a retried publish): a batch of one keeps its item's own id, as the message
 * of one item had in earlier versions (a republished item dedups against the first publish);
 * a larger batch is `<prefix>.<count>.<hash>` of its item ids in order, so the same batch
 * published again gets the same id and a different one never does (106 bits: a collision
 * inside the duplicate window is not a practical concern). Consumers dedup each item by its
 * own id anyway, so an item in two different batches takes effect once.
 */
export function batchMessageId(prefix: string, items: readonly { readonly id: string }[]): string {
  const [first] = items;
  if (!first) throw new Error(`a batch of ${prefix} is never empty`);
  if (items.length === 1) return first.id;
  // Each id behind its length, so ["a.b", "c"] and ["a", "b.c"] hash apart whatever the ids hold.
  const text = items.map((i) => `${i.id.length}:${i.id}`).join('');
  return `${prefix}.${items.length}.${cyrb53(text, 0x9e3779b9)}${cyrb53(text, 0x85ebca6b)}`;
}

/**
 * cyrb53 (public domain, bryc): a fast 53-bit string hash, as 14 hex digits. Plain JavaScript,
 * since the contracts are also bundled for the browser (no node:crypto); two seeds give 106 bits.
 */
function cyrb53(text: string, seed: number): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}
