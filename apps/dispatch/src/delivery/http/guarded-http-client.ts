import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, request, errors as undiciErrors } from 'undici';
import type { AttemptError } from '../domain/index.js';
import { checkUrl, guardAddress } from '../../security/domain/index.js';

/** Resolves a host name to every address it has (like `dns.lookup` with `all: true`). */
export type Resolver = (hostname: string, family: number) => Promise<LookupAddress[]>;

export interface HttpClientOptions {
  readonly allowCidrs: readonly string[];
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
  /** DNS; the system resolver unless a test supplies its own. */
  readonly resolve?: Resolver;
  /** Sockets per origin. */
  readonly connectionsPerOrigin?: number;
}

export interface HttpRequest {
  readonly method: 'POST' | 'GET';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Response bytes kept (the rest is read and discarded); 1 KiB by default. */
  readonly maxResponseBytes?: number;
}

export interface HttpAttempt {
  readonly statusCode?: number;
  readonly error?: AttemptError;
  readonly errorDetail?: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The first `maxResponseBytes` of the response body. */
  readonly bodyExcerpt: string;
  readonly durationMs: number;
}

export const EXCERPT_BYTES = 1_024;
/** URLs whose static verdict is remembered (cleared when full; receivers are few). */
const VERDICT_CACHE_SIZE = 1_024;

/** Raised from DNS lookup when the destination is in a refused range. */
class BlockedAddressError extends Error {
  readonly code = 'HERALD_BLOCKED_ADDRESS';
}

const systemResolver: Resolver = (hostname, family) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, family }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

/**
 * Outbound HTTP for notifications: checks the address actually connected to
 * (after DNS, so a name cannot rebind to an internal address), follows no
 * redirects (undici's `request` never does; a 3xx is returned as it is), and
 * bounds connect and whole-request time.
 */
export class GuardedHttpClient {
  private readonly agent: Agent;
  private readonly resolve: Resolver;
  /** URL → why it is refused ('' when it is not). */
  private readonly urlVerdicts = new Map<string, string>();

  constructor(private readonly options: HttpClientOptions) {
    this.resolve = options.resolve ?? systemResolver;
    this.agent = new Agent({
      connect: { timeout: options.connectTimeoutMs, lookup: this.guardedLookup },
      headersTimeout: options.requestTimeoutMs,
      bodyTimeout: options.requestTimeoutMs,
      keepAliveTimeout: 30_000,
      connections: options.connectionsPerOrigin ?? 64,
    });
  }

  async post(url: string, headers: Readonly<Record<string, string>>, body: string): Promise<HttpAttempt> {
    return this.send({ method: 'POST', url, headers, body });
  }

  async send(req: HttpRequest): Promise<HttpAttempt> {
    const started = performance.now();
    const elapsed = (): number => Math.round((performance.now() - started) * 100) / 100;
    const refused = this.urlVerdict(req.url);
    if (refused !== undefined) return failure('blocked', refused, elapsed());
    try {
      const response = await request(req.url, {
        method: req.method,
        headers: { 'user-agent': 'Herald/0.1', ...req.headers },
        ...(req.body !== undefined ? { body: req.body } : {}),
        dispatcher: this.agent,
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
      const excerpt = await readExcerpt(response.body, req.maxResponseBytes ?? EXCERPT_BYTES);
      return {
        statusCode: response.statusCode,
        headers: flattenHeaders(response.headers),
        bodyExcerpt: excerpt,
        durationMs: elapsed(),
      };
    } catch (error) {
      const [kind, detail] = classifyError(error);
      return failure(kind, detail, elapsed());
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /**
   * Why a URL is refused before any connection (undefined: it may go on to DNS and the
   * connect-time check). Cached per URL: a storm sends thousands of requests to a handful
   * of receiver URLs, and parsing each one's address ranges showed in the profiles. The
   * allow-list is fixed for the client's life, so the verdict cannot go stale.
   */
  private urlVerdict(url: string): string | undefined {
    const cached = this.urlVerdicts.get(url);
    if (cached !== undefined) return cached || undefined;
    const check = checkUrl(url, { allowedSchemes: ['https', 'http'], allowCidrs: [...this.options.allowCidrs] });
    let refused = '';
    if (!check.ok) refused = `${check.code}: ${check.detail}`;
    else if (check.hostIsAddress) {
      const verdict = guardAddress(check.host, { allowCidrs: this.options.allowCidrs });
      if (!verdict.allowed) refused = `address in refused range ${verdict.range}`;
    }
    if (this.urlVerdicts.size >= VERDICT_CACHE_SIZE) this.urlVerdicts.clear();
    this.urlVerdicts.set(url, refused);
    return refused || undefined;
  }

  /** Every address of the name must pass the guard: the socket may use any of them. */
  private readonly guardedLookup: LookupFunction = (hostname, options, callback) => {
    const family = typeof options.family === 'number' ? options.family : 0;
    this.resolve(hostname, family).then(
      (addresses) => {
        const refused = addresses.find((a) => !guardAddress(a.address, { allowCidrs: this.options.allowCidrs }).allowed);
        if (refused || addresses.length === 0) {
          const range = refused ? guardAddress(refused.address, { allowCidrs: [] }).range : 'none';
          return callback(new BlockedAddressError(`${hostname} resolves to a refused address (${range})`), '', 0);
        }
        if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
        const first = addresses[0]!;
        callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

function failure(error: AttemptError, detail: string, durationMs: number): HttpAttempt {
  return { error, errorDetail: detail, headers: {}, bodyExcerpt: '', durationMs };
}

function classifyError(error: unknown): [AttemptError, string] {
  const chain: unknown[] = [];
  for (let e: unknown = error; e && chain.length < 5; e = (e as { cause?: unknown }).cause) chain.push(e);
  for (const e of chain) {
    const rawCode = (e as { code?: unknown }).code;
    const code = typeof rawCode === 'string' ? rawCode : '';
    const name = (e as { name?: unknown }).name;
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof BlockedAddressError || code === 'HERALD_BLOCKED_ADDRESS') return ['blocked', message];
    if (
      e instanceof undiciErrors.ConnectTimeoutError ||
      e instanceof undiciErrors.HeadersTimeoutError ||
      e instanceof undiciErrors.BodyTimeoutError ||
      name === 'TimeoutError' ||
      name === 'AbortError' ||
      code === 'ETIMEDOUT'
    ) {
      return ['timeout', message];
    }
    if (code.startsWith('ERR_TLS') || code.includes('CERT') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT') return ['tls', message];
    if (['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'].includes(code)) {
      return ['network', `${code}: ${message}`];
    }
  }
  return ['network', error instanceof Error ? error.message : String(error)];
}

async function readExcerpt(body: AsyncIterable<Buffer | Uint8Array>, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (size < maxBytes) {
      chunks.push(Buffer.from(chunk));
      size += chunk.length;
    }
  }
  return Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8');
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}
