import { createHash } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** sha256(seed) laid out as an RFC 9562 UUIDv8: version nibble 8, variant bits 10. */
export function deterministicUuid(seed: string): string {
  const bytes = createHash('sha256').update(seed, 'utf8').digest().subarray(0, 16);
  bytes.writeUInt8((bytes.readUInt8(6) & 0x0f) | 0x80, 6);
  bytes.writeUInt8((bytes.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const MAX_DEDUP_KEY = 255;
const KEPT_PREFIX = MAX_DEDUP_KEY - 1 - 64;

/**
 * Keys over the canonical limit keep a readable prefix and end in the sha256 of the
 * whole key, so two long keys sharing a prefix still differ.
 */
export function boundDedupKey(key: string): string {
  if (key.length <= MAX_DEDUP_KEY) return key;
  return `${safePrefix(key, KEPT_PREFIX)}#${sha256Hex(key)}`;
}

/** A prefix of at most `max` UTF-16 units that does not end in half a surrogate pair. */
export function safePrefix(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
