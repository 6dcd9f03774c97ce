/** FNV-1a 64 offset basis, as two 32-bit halves. */
const OFFSET_HI = 0xcbf29ce4;
const OFFSET_LO = 0x84222325;
/** The FNV 64 prime is 2^40 + 0x1b3: a multiply is `h * 0x1b3 + (h << 40)`. */
const PRIME_LOW_BITS = 0x1b3;
const TWO_32 = 0x1_0000_0000;
/** Cannot occur in UTF-8, so `a=bc` and `ab=c` hash apart. */
const SEPARATOR = 0xff;

/**
 * The 64-bit state as two unsigned 32-bit halves. BigInt arithmetic (one BigInt per byte) was
 * ingestion's largest own cost in a storm's profile; doubles hold the 41-bit partial products
 * exactly, so the halves need no BigInt at all.
 */
class Fnv1a64 {
  private hi = OFFSET_HI;
  private lo = OFFSET_LO;

  byte(b: number): void {
    const lo = (this.lo ^ b) >>> 0;
    const low = lo * PRIME_LOW_BITS;
    const carry = Math.floor(low / TWO_32);
    this.hi = (this.hi * PRIME_LOW_BITS + carry + ((lo << 8) >>> 0)) >>> 0;
    this.lo = low >>> 0;
  }

  /** The string's UTF-8 bytes, encoded on the fly (no buffer per label). */
  text(s: string): void {
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        this.byte(c);
        continue;
      }
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const next = s.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          i++;
        }
      }
      // A lone surrogate is encoded as U+FFFD, as TextEncoder (and Go's string conversion) does.
      if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
      if (c < 0x800) {
        this.byte(0xc0 | (c >> 6));
      } else if (c < 0x10000) {
        this.byte(0xe0 | (c >> 12));
        this.byte(0x80 | ((c >> 6) & 0x3f));
      } else {
        this.byte(0xf0 | (c >> 18));
        this.byte(0x80 | ((c >> 12) & 0x3f));
        this.byte(0x80 | ((c >> 6) & 0x3f));
      }
      this.byte(0x80 | (c & 0x3f));
    }
  }

  hex(): string {
    return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0');
  }
}

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
  const hash = new Fnv1a64();
  for (const name of names) {
    hash.text(name);
    hash.byte(SEPARATOR);
    hash.text(labels[name] ?? '');
    hash.byte(SEPARATOR);
  }
  return hash.hex();
}
