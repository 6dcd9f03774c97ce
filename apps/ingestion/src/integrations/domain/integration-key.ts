import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new integration key: 160 random bits, URL-safe, with a recognisable prefix. */
export function generateIntegrationKey(random: (n: number) => Buffer = randomBytes): string {
  return `hrld_${random(20).toString('base64url')}`;
}

/** Keys are stored only as this hash; SHA-256 suffices because keys are high-entropy. */
export function hashIntegrationKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Compares a presented key with a stored hash in constant time. */
export function keyMatches(presented: string, storedHash: string): boolean {
  const a = Buffer.from(hashIntegrationKey(presented), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The key from `Authorization: Bearer <key>` or `X-Webhook-Secret: <key>`. */
export function presentedKey(headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  const authorization = first(headers['authorization']);
  const bearer = authorization && /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  return bearer || first(headers['x-webhook-secret'])?.trim() || undefined;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
