import { z } from 'zod';

/** RFC 6749 §5.1 successful token response (extra members ignored). */
export const TokenResponse = z.object({
  access_token: z.string().min(1).max(16_384),
  token_type: z.string().min(1).max(100),
  expires_in: z.coerce.number().nonnegative().optional(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

/** Lifetime assumed when the server does not say (RFC 6749 makes `expires_in` optional). */
export const DEFAULT_TOKEN_LIFETIME_MS = 60_000;
/** Refresh this long before expiry at most (or a tenth of the lifetime when shorter). */
export const TOKEN_REFRESH_MARGIN_MS = 60_000;

/**
 * When a token fetched at `fetchedAt` should be replaced: shortly before it expires, so a
 * request never leaves with a token that dies in flight. The margin is the smaller of a
 * minute and a tenth of the lifetime, so short-lived tokens are still used.
 */
export function tokenRefreshAt(fetchedAt: number, expiresInSeconds: number | undefined): number {
  const lifetime = expiresInSeconds === undefined ? DEFAULT_TOKEN_LIFETIME_MS : expiresInSeconds * 1_000;
  const margin = Math.min(TOKEN_REFRESH_MARGIN_MS, lifetime / 10);
  return fetchedAt + Math.max(0, lifetime - margin);
}

/** The form body of a client-credentials token request (the client authenticates with HTTP Basic). */
export function clientCredentialsForm(input: { scopes?: readonly string[]; audience?: string }): string {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (input.scopes && input.scopes.length > 0) form.set('scope', input.scopes.join(' '));
  if (input.audience) form.set('audience', input.audience);
  return form.toString();
}

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before Basic encoding. */
export function clientBasicAuth(clientId: string, clientSecret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${enc(clientId)}:${enc(clientSecret)}`, 'utf8').toString('base64')}`;
}
