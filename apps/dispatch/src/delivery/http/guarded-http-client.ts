import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, type Dispatcher, errors as undiciErrors } from 'undici';
import type { AttemptError } from '../domain/index.js';
import { createHash } from 'node:crypto';
import { checkUrl, guardAddress, inAllowList, plainHttpRefusal, staticAddresses } from '../../security/domain/index.js';
import { type Resolver, systemResolver } from '../../security/resolver.js';

export type { Resolver } from '../../security/resolver.js';

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
  /** The receiver's own request timeout; the client's `requestTimeoutMs` when unset. */
  readonly timeoutMs?: number;
  /** PEM bundle the HTTPS server's certificate must chain to, instead of the system roots. */
  readonly ca?: string;
}

/** Per-receiver options of one send. */
export type SendOptions = Pick<HttpRequest, 'timeoutMs' | 'ca' | 'maxResponseBytes'>;

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
/** Distinct CA bundles with a connection pool of their own (one per receiver that sets one). */
const CA_AGENTS_MAX = 256;

/** Raised from DNS lookup when the destination is in a refused range. */
class BlockedAddressError extends Error {
  readonly code = 'HERALD_BLOCKED_ADDRESS';
}

/**
 * Outbound HTTP for notifications: checks the address actually connected to
 * (after DNS, so a name cannot rebind to an internal address), follows no
 * redirects (undici's `dispatch` never does; a 3xx is returned as it is), and
 * bounds connect time, the wait for the response's headers, and the body (see `ExcerptHandler`).
 */
export class GuardedHttpClient {
  private readonly agent: Agent;
  /** Plain `http://` goes through this pool: it connects only to addresses inside the allow-list. */
  private readonly plainAgent: Agent;
  /** HTTPS pools of receivers with their own CA bundle, by the bundle's hash. */
  private readonly caAgents = new Map<string, Agent>();
  private readonly resolve: Resolver;
  /** URL → why it is refused ('' when it is not). */
  private readonly urlVerdicts = new Map<string, string>();
  /** URL → origin and path (see `target`). */
  private readonly targets = new Map<string, { readonly origin: string; readonly path: string }>();

  constructor(private readonly options: HttpClientOptions) {
    this.resolve = options.resolve ?? systemResolver;
    this.agent = this.newAgent(this.guardedLookup);
    this.plainAgent = this.newAgent(this.plainLookup);
  }

  async post(url: string, headers: Readonly<Record<string, string>>, body: string, options: SendOptions = {}): Promise<HttpAttempt> {
    return this.send({ method: 'POST', url, headers, body, ...options });
  }

  async send(req: HttpRequest): Promise<HttpAttempt> {
    const started = performance.now();
    const elapsed = (): number => Math.round((performance.now() - started) * 100) / 100;
    const refused = this.urlVerdict(req.url);
    if (refused !== undefined) return failure('blocked', refused, elapsed());
    const timeoutMs = req.timeoutMs ?? this.options.requestTimeoutMs;
    try {
      // The dispatcher's own dispatch(), with a handler that keeps the excerpt: no response
      // object or body stream per send (request() and its BodyReadable cost 7% more CPU per
      // send, 20,000 sends to a loopback server). The URL was parsed once (`target`), not once per send.
      const response = await new Promise<ExcerptResponse>((resolve, reject) => {
        this.dispatcherFor(req.url, req.ca).dispatch(
          {
            ...this.target(req.url),
            method: req.method,
            headers: { 'user-agent': 'Herald/0.1', ...req.headers },
            ...(req.body !== undefined ? { body: req.body } : {}),
            // The time-outs are undici's own timers, not an AbortSignal per request: a signal
            // (its timer, listeners and abort machinery) cost over a quarter of a send's CPU (10,000 sends to a loopback server, with and without).
            headersTimeout: timeoutMs,
            bodyTimeout: timeoutMs,
          },
          new ExcerptHandler(req.maxResponseBytes ?? EXCERPT_BYTES, started + timeoutMs, resolve, reject),
        );
      });
      return {
        statusCode: response.statusCode,
        headers: flattenHeaders(response.headers),
        bodyExcerpt: response.excerpt,
        durationMs: elapsed(),
      };
    } catch (error) {
      const [kind, detail] = classifyError(error);
      return failure(kind, detail, elapsed());
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.agent, this.plainAgent, ...this.caAgents.values()].map((a) => a.close()));
  }

  private newAgent(lookup: LookupFunction, ca?: string): Agent {
    return new Agent({
      connect: { timeout: this.options.connectTimeoutMs, lookup, ...(ca !== undefined ? { ca } : {}) },
      headersTimeout: this.options.requestTimeoutMs,
      bodyTimeout: this.options.requestTimeoutMs,
      keepAliveTimeout: 30_000,
      connections: this.options.connectionsPerOrigin ?? 64,
    });
  }

  private dispatcherFor(url: string, ca: string | undefined): Agent {
    if (url.startsWith('http:')) return this.plainAgent;
    if (ca === undefined) return this.agent;
    const key = createHash('sha256').update(ca).digest('hex');
    let agent = this.caAgents.get(key);
    if (!agent) {
      // Receivers with a bundle of their own are few; past the cap, a new bundle shares no pool.
      agent = this.newAgent(this.guardedLookup, ca);
      if (this.caAgents.size < CA_AGENTS_MAX) this.caAgents.set(key, agent);
    }
    return agent;
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
    if (!refused && check.ok && check.url.protocol === 'http:') {
      // A name is checked when it is resolved, on the addresses it stands for (`plainLookup`).
      const addresses = staticAddresses(check);
      if (addresses !== undefined) refused = plainHttpRefusal(check.host, addresses, this.options.allowCidrs) ?? '';
    }
    if (this.urlVerdicts.size >= VERDICT_CACHE_SIZE) this.urlVerdicts.clear();
    this.urlVerdicts.set(url, refused);
    return refused || undefined;
  }

  /** The origin and path undici is asked for, as its `request(url)` would derive them (cached like the verdicts). */
  private target(url: string): { readonly origin: string; readonly path: string } {
    let target = this.targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      target = { origin: parsed.origin, path: parsed.search ? `${parsed.pathname}${parsed.search}` : parsed.pathname };
      if (this.targets.size >= VERDICT_CACHE_SIZE) this.targets.clear();
      this.targets.set(url, target);
    }
    return target;
  }

  /** Every address of the name must pass the guard: the socket may use any of them. */
  private readonly guardedLookup: LookupFunction = (hostname, options, callback) => this.lookup(hostname, options, callback, false);

  /** Plain HTTP also connects only to the addresses inside the allow-list (seed 001: HTTPS only). */
  private readonly plainLookup: LookupFunction = (hostname, options, callback) => this.lookup(hostname, options, callback, true);

  private lookup(...[hostname, options, callback, plain]: [...Parameters<LookupFunction>, boolean]): void {
    const family = typeof options.family === 'number' ? options.family : 0;
    this.resolve(hostname, family).then(
      (all) => {
        const refused = all.find((a) => !guardAddress(a.address, { allowCidrs: this.options.allowCidrs }).allowed);
        if (refused || all.length === 0) {
          const range = refused ? guardAddress(refused.address, { allowCidrs: [] }).range : 'none';
          return callback(new BlockedAddressError(`${hostname} resolves to a refused address (${range})`), '', 0);
        }
        const addresses = plain ? all.filter((a) => inAllowList(a.address, this.options.allowCidrs)) : all;
        if (addresses.length === 0) {
          return callback(new BlockedAddressError(plainHttpRefusal(hostname, all.map((a) => a.address), this.options.allowCidrs) ?? 'refused'), '', 0);
        }
        if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
        const first = addresses[0]!;
        callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  }
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
    // OpenSSL's verify codes (UNABLE_TO_VERIFY_LEAF_SIGNATURE: a server signed by a CA not trusted) and Node's own.
    if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code.includes('CERT') || code.startsWith('UNABLE_TO_')) return ['tls', message];
    if (['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'].includes(code)) {
      return ['network', `${code}: ${message}`];
    }
  }
  return ['network', error instanceof Error ? error.message : String(error)];
}

/** A body still arriving when the whole request's time is up (a receiver that drips bytes). */
class BodyDeadlineError extends Error {
  override readonly name = 'TimeoutError';
}

/** A response as `send` keeps it. */
interface ExcerptResponse {
  readonly statusCode: number;
  readonly headers: IncomingHttpHeaders;
  readonly excerpt: string;
}

/**
 * Keeps a response's status, headers and the first `maxBytes` of its body; the rest is read
 * and dropped. A body that stalls ends at undici's body time-out; one that keeps dripping ends
 * at `deadline` (`performance.now()` time), so no response holds a send for much longer than its
 * time-out. Informational (1xx) heads are skipped, as undici's `request()` skips them.
 */
class ExcerptHandler implements Dispatcher.DispatchHandler {
  private statusCode = 0;
  private headers: IncomingHttpHeaders = {};
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly deadline: number,
    private readonly resolve: (response: ExcerptResponse) => void,
    private readonly reject: (error: Error) => void,
  ) {}

  /** Present so undici takes this for a handler of its current interface (it looks for this method). */
  onRequestStart(): void {}

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    if (statusCode < 200) return;
    this.statusCode = statusCode;
    this.headers = headers;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (performance.now() > this.deadline) {
      controller.abort(new BodyDeadlineError('the response body was still arriving at the request timeout'));
      return;
    }
    if (this.size < this.maxBytes) {
      this.chunks.push(chunk);
      this.size += chunk.length;
    }
  }

  onResponseEnd(): void {
    const excerpt = Buffer.concat(this.chunks, this.size).subarray(0, this.maxBytes).toString('utf8');
    this.resolve({ statusCode: this.statusCode, headers: this.headers, excerpt });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.reject(error);
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}
