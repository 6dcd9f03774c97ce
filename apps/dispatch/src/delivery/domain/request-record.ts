import { type Channel } from '@herald/contracts';
import { CHANNEL_RENDERERS, redactForLog, type Rendered } from '../../channels/index.js';

/** Request bodies are kept up to this many characters in the delivery log. */
export const LOGGED_BODY_CHARS = 8_192;
const LOGGED_HEADERS = 50;
const LOGGED_HEADER_CHARS = 1_024;
/** Response headers that may carry a session or credential. */
const DROPPED_RESPONSE_HEADERS: ReadonlySet<string> = new Set(['set-cookie', 'set-cookie2', 'www-authenticate', 'proxy-authenticate']);

export type RequestRecord =
  | {
      readonly kind: 'http';
      readonly method: string;
      readonly url: string;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
      readonly bodyBytes: number;
      readonly truncated: boolean;
    }
  | {
      readonly kind: 'email';
      readonly from: string;
      readonly to: readonly string[];
      readonly cc?: readonly string[];
      readonly subject: string;
      readonly text: string;
      readonly truncated: boolean;
    };

/**
 * What the delivery log keeps of a request: the channel's redaction (credential headers,
 * secret URLs, credential body fields) plus the names this receiver's settings mark as
 * secret (a custom `api-key` header, the webhook's own headers), with the body truncated.
 */
export function requestRecord(channel: Channel, rendered: Rendered, settings: unknown): RequestRecord {
  if (rendered.kind === 'email') {
    const truncated = rendered.text.length > LOGGED_BODY_CHARS;
    return {
      kind: 'email',
      from: rendered.from,
      to: rendered.to,
      ...(rendered.cc ? { cc: rendered.cc } : {}),
      subject: rendered.subject,
      text: rendered.text.slice(0, LOGGED_BODY_CHARS),
      truncated,
    };
  }
  const safe = redactForLog(channel, rendered, { secretUrl: CHANNEL_RENDERERS[channel].secretUrl, extraSecretHeaders: secretHeaderNames(settings) });
  if (safe.kind !== 'http') throw new Error('redaction changed the request kind');
  const truncated = safe.body.length > LOGGED_BODY_CHARS;
  return {
    kind: 'http',
    method: safe.method,
    url: safe.url,
    headers: safe.headers,
    body: safe.body.slice(0, LOGGED_BODY_CHARS),
    bodyBytes: Buffer.byteLength(rendered.body, 'utf8'),
    truncated,
  };
}

/** Header names a receiver's settings fill with values that may be credentials. */
export function secretHeaderNames(settings: unknown): string[] {
  if (settings === null || typeof settings !== 'object') return [];
  const names: string[] = [];
  const auth = (settings as { auth?: unknown }).auth;
  if (auth && typeof auth === 'object' && (auth as { type?: unknown }).type === 'api-key') {
    const header = (auth as { header?: unknown }).header;
    names.push(typeof header === 'string' ? header : 'x-api-key');
  }
  const headers = (settings as { headers?: unknown }).headers;
  if (headers && typeof headers === 'object') names.push(...Object.keys(headers));
  return names.map((n) => n.toLowerCase());
}

/** Response headers for the log: bounded in number and size, without cookies or auth challenges. */
export function responseHeadersRecord(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (Object.keys(out).length >= LOGGED_HEADERS) break;
    if (DROPPED_RESPONSE_HEADERS.has(name.toLowerCase())) continue;
    out[name.toLowerCase()] = value.slice(0, LOGGED_HEADER_CHARS);
  }
  return out;
}
