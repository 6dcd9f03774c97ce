import { createHash } from 'node:crypto';
import type { OAuth2Auth } from '../../channels/index.js';
import { clientBasicAuth, clientCredentialsForm, TokenResponse, tokenRefreshAt } from '../domain/index.js';
import type { GuardedHttpClient, HttpAttempt } from '../http/guarded-http-client.js';

export type TokenResult =
  | { readonly ok: true; readonly token: string; readonly fromCache: boolean }
  /** The token endpoint's own answer, classified like any attempt (a 503 there is retried). */
  | { readonly ok: false; readonly attempt: HttpAttempt; readonly detail: string };

interface Cached {
  readonly token: string;
  readonly refreshAt: number;
}

const TOKEN_RESPONSE_BYTES = 64 * 1_024;
/** Bound on cached tokens (one per distinct credential set). */
const MAX_CACHED = 1_000;

/**
 * OAuth2 client-credentials tokens for outbound requests, fetched through the same
 * guarded client as the notifications (so a token URL cannot reach an internal
 * address either) and cached until shortly before they expire. Concurrent sends
 * needing the same token share one fetch.
 */
export class OAuth2Tokens {
  private readonly cache = new Map<string, Cached>();
  private readonly inFlight = new Map<string, Promise<TokenResult>>();

  constructor(
    private readonly http: GuardedHttpClient,
    private readonly now: () => number = Date.now,
    private readonly onFetch: (result: 'ok' | 'failed') => void = () => undefined,
  ) {}

  async token(auth: OAuth2Auth): Promise<TokenResult> {
    const key = cacheKey(auth);
    const cached = this.cache.get(key);
    if (cached && this.now() < cached.refreshAt) return { ok: true, token: cached.token, fromCache: true };
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const fetching = this.fetch(key, auth).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, fetching);
    return fetching;
  }

  /** Forget a token the resource server refused (401), so the next send fetches a fresh one. */
  invalidate(auth: OAuth2Auth): void {
    this.cache.delete(cacheKey(auth));
  }

  private async fetch(key: string, auth: OAuth2Auth): Promise<TokenResult> {
    const fetchedAt = this.now();
    const attempt = await this.http.send({
      method: 'POST',
      url: auth.tokenUrl,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        authorization: clientBasicAuth(auth.clientId, auth.clientSecret),
      },
      body: clientCredentialsForm({ ...(auth.scopes ? { scopes: auth.scopes } : {}), ...(auth.audience ? { audience: auth.audience } : {}) }),
      maxResponseBytes: TOKEN_RESPONSE_BYTES,
    });
    if (attempt.statusCode === undefined || attempt.statusCode < 200 || attempt.statusCode >= 300) {
      this.onFetch('failed');
      const detail = attempt.statusCode !== undefined ? `token endpoint answered ${attempt.statusCode}` : `token endpoint: ${attempt.errorDetail ?? attempt.error}`;
      return { ok: false, attempt, detail };
    }
    let parsed: ReturnType<typeof TokenResponse.safeParse>;
    try {
      parsed = TokenResponse.safeParse(JSON.parse(attempt.bodyExcerpt));
    } catch {
      parsed = TokenResponse.safeParse(undefined);
    }
    if (!parsed.success || parsed.data.token_type.toLowerCase() !== 'bearer') {
      this.onFetch('failed');
      // A 2xx without a usable bearer token will not improve on retry: not recoverable.
      const detail = 'token endpoint returned no bearer access_token';
      return { ok: false, attempt: { error: 'other', errorDetail: detail, headers: attempt.headers, bodyExcerpt: '', durationMs: attempt.durationMs }, detail };
    }
    this.onFetch('ok');
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { token: parsed.data.access_token, refreshAt: tokenRefreshAt(fetchedAt, parsed.data.expires_in) });
    return { ok: true, token: parsed.data.access_token, fromCache: false };
  }
}

/** The secret is part of the key (hashed), so a rotated secret never reuses the old token. */
function cacheKey(auth: OAuth2Auth): string {
  return createHash('sha256')
    .update(JSON.stringify([auth.tokenUrl, auth.clientId, auth.clientSecret, auth.scopes ?? [], auth.audience ?? '']))
    .digest('hex');
}
