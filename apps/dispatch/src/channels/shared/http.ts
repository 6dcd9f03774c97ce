import { z } from 'zod';
import { type RenderedRequest } from '../types.js';

/**
 * An absolute http(s) URL; single-label hosts and IPs are fine (self-hosted
 * targets). Private and link-local targets are refused by the sender, not here.
 * Credentials belong in `auth`, where they are redacted, not in the URL.
 */
export const HttpUrl = z
  .url({ protocol: /^https?$/ })
  .max(4096)
  .refine((url) => {
    // zod runs this even when the URL check above failed: a string that is no URL must not throw here.
    if (!URL.canParse(url)) return true;
    const parsed = new URL(url);
    return parsed.username === '' && parsed.password === '';
  }, 'must not contain credentials; use auth');

/** RFC 9110 token. */
export const HeaderName = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be an HTTP header name');

/** A header value that cannot smuggle a second header. */
export const HeaderValue = z
  .string()
  .max(8192)
  .regex(/^[^\r\n\0]*$/, 'must not contain line breaks');

/** Headers Herald sets itself; configuration may not supply them. */
export const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'content-length',
  'content-type',
  'transfer-encoding',
  'connection',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'x-webhook-signature',
]);

/** Lower-cases header names so a later header cannot shadow an earlier one by case. */
export function lowerCaseHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

/** A POST of an already serialised JSON body: the exact bytes sent and signed. */
export function jsonRequest(
  url: string,
  body: string,
  headers: Readonly<Record<string, string>> = {},
): RenderedRequest {
  return {
    kind: 'http',
    method: 'POST',
    url,
    headers: { ...lowerCaseHeaders(headers), 'content-type': 'application/json' },
    body,
  };
}

/** A JSON POST of `payload`, serialised once here. */
export function jsonPost(
  url: string,
  payload: unknown,
  headers: Readonly<Record<string, string>> = {},
): RenderedRequest {
  return jsonRequest(url, JSON.stringify(payload), headers);
}

/** Appends already-decoded path segments to a base URL, percent-encoding each. */
export function joinUrl(base: string, ...segments: string[]): string {
  const url = new URL(base);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = [path, ...segments.map(encodeURIComponent)].join('/');
  return url.toString();
}
