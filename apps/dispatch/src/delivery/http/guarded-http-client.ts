import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, request, errors as undiciErrors } from 'undici';
import type { AttemptError } from '../domain/index.js';
import { checkUrl, guardAddress } from '../../security/domain/index.js';

export interface HttpClientOptions {
  readonly allowCidrs: readonly string[];
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
}

export interface HttpAttempt {
  readonly statusCode?: number;
  readonly error?: AttemptError;
  readonly errorDetail?: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The first 1 KiB of the response body, for the delivery log. */
  readonly bodyExcerpt: string;
  readonly durationMs: number;
}

const EXCERPT_BYTES = 1_024;

/** Raised from DNS lookup when the destination is in a refused range. */
class BlockedAddressError extends Error {
  readonly code = 'HERALD_BLOCKED_ADDRESS';
}

/**
 * Outbound HTTP for notifications: checks the address actually connected to
 * (after DNS, so a name cannot rebind to an internal address), follows no
 * redirects, and bounds connect and whole-request time.
 */
export class GuardedHttpClient {
  private readonly agent: Agent;

  constructor(private readonly options: HttpClientOptions) {
    this.agent = new Agent({
      connect: { timeout: options.connectTimeoutMs, lookup: this.guardedLookup },
      headersTimeout: options.requestTimeoutMs,
      bodyTimeout: options.requestTimeoutMs,
      keepAliveTimeout: 30_000,
      connections: 64,
    });
  }

  async post(url: string, headers: Readonly<Record<string, string>>, body: string): Promise<HttpAttempt> {
    const started = performance.now();
    const elapsed = (): number => Math.round((performance.now() - started) * 100) / 100;
    const check = checkUrl(url, { allowedSchemes: ['https', 'http'], allowCidrs: [...this.options.allowCidrs] });
    if (!check.ok) return failure('blocked', `${check.code}: ${check.detail}`, elapsed());
    if (check.hostIsAddress) {
      const verdict = guardAddress(check.host, { allowCidrs: this.options.allowCidrs });
      if (!verdict.allowed) return failure('blocked', `address in refused range ${verdict.range}`, elapsed());
    }
    try {
      const response = await request(url, {
        method: 'POST',
        headers: { 'user-agent': 'Herald/0.1', ...headers },
        body,
        dispatcher: this.agent,
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
      const excerpt = await readExcerpt(response.body);
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

  private readonly guardedLookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = addresses.find((a) => !guardAddress(a.address, { allowCidrs: this.options.allowCidrs }).allowed);
      if (refused || addresses.length === 0) {
        const range = refused ? guardAddress(refused.address, { allowCidrs: [] }).range : 'none';
        return callback(new BlockedAddressError(`${hostname} resolves to a refused address (${range})`), '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
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

async function readExcerpt(body: AsyncIterable<Buffer | Uint8Array> & { destroy?: () => void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (size < EXCERPT_BYTES) {
      chunks.push(Buffer.from(chunk));
      size += chunk.length;
    }
  }
  return Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8');
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}
