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

/**
 * Headers tools put a shared secret in, verbatim: Herald's own, GitLab's secret token,
 * Honeycomb's webhook secret.
 */
const SECRET_HEADERS = ['x-webhook-secret', 'x-gitlab-token', 'x-honeycomb-webhook-token'] as const;

/**
 * The key from `Authorization: Bearer <key>`, from HTTP Basic credentials (the password,
 * or the user name when the password is empty: for tools that only take a URL such as
 * `https://herald:<key>@host/...`, like AWS SNS), from a secret header (`SECRET_HEADERS`),
 * or, for tools whose webhook is a bare URL (Pingdom, Better Stack), from `?key=<key>`.
 */
export function presentedKey(headers: Readonly<Record<string, string | string[] | undefined>>, queryKey?: unknown): string | undefined {
  const authorization = first(headers['authorization']);
  // Opsgenie clients send their API key as `GenieKey <key>`.
  const bearer = authorization && /^(?:Bearer|GenieKey)\s+(\S+)\s*$/i.exec(authorization)?.[1];
  const basic = authorization && /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization)?.[1];
  const secret = SECRET_HEADERS.map((name) => first(headers[name])?.trim()).find((value) => value);
  const query = typeof queryKey === 'string' ? queryKey.trim() : undefined;
  return bearer || (basic && basicKey(basic)) || secret || query || undefined;
}

function basicKey(credentials: string): string | undefined {
  const decoded = Buffer.from(credentials, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return decoded.slice(colon + 1) || decoded.slice(0, colon) || undefined;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
