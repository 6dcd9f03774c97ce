const OFFSET_64 = 14695981039346656037n;
const PRIME_64 = 1099511628211n;
const MASK_64 = (1n << 64n) - 1n;
/** Cannot occur in UTF-8, so `a=bc` and `ab=c` hash apart. */
const SEPARATOR = 0xff;

function addBytes(hash: bigint, bytes: Uint8Array): bigint {
  let h = hash;
  for (const byte of bytes) h = ((h ^ BigInt(byte)) * PRIME_64) & MASK_64;
  return h;
}

const encoder = new TextEncoder();
const separator = Uint8Array.of(SEPARATOR);

/**
 * The label-set fingerprint Prometheus and Alertmanager compute
 * (`model.LabelSet.Fingerprint` in prometheus/common): FNV-1a 64 over the label names
 * in byte order, each name and value followed by 0xff, written as 16 lower-case hex
 * digits as Alertmanager's webhook `fingerprint` is. Using it as the dedup key folds
 * an alert Prometheus posts directly and the same alert relayed by Alertmanager.
 */
export function labelSetFingerprint(labels: Readonly<Record<string, string>>): string {
  // Label names are ASCII ([a-zA-Z_][a-zA-Z0-9_]*), so code-unit order is byte order.
  const names = Object.keys(labels).sort();
  let hash = OFFSET_64;
  for (const name of names) {
    hash = addBytes(hash, encoder.encode(name));
    hash = addBytes(hash, separator);
    hash = addBytes(hash, encoder.encode(labels[name]));
    hash = addBytes(hash, separator);
  }
  return hash.toString(16).padStart(16, '0');
}
