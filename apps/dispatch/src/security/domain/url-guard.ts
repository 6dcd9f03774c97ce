import { type AddressClass, guardAddress } from './address-guard.js';
import { isLocalhostName } from './plain-http.js';

export const MAX_URL_LENGTH = 2048;

export interface UrlGuardOptions {
  /** Without the colon: `['https']`, `['https', 'http']`. */
  readonly allowedSchemes: readonly string[];
  /** As for `guardAddress`; also lets `localhost` through when it allows 127.0.0.1 or ::1. */
  readonly allowCidrs?: readonly string[];
}

export type UrlRejection =
  | 'invalid_url'
  | 'url_too_long'
  | 'scheme_not_allowed'
  | 'credentials_in_url'
  | 'missing_host'
  | 'blocked_address'
  | 'blocked_hostname';

export type UrlCheck =
  | {
      ok: true;
      url: URL;
      /** Host without IPv6 brackets. */
      host: string;
      /** A literal address needs no DNS; a name must still be resolved and each address checked with `guardAddress`. */
      hostIsAddress: boolean;
    }
  | { ok: false; code: UrlRejection; detail: string; address?: AddressClass };

/**
 * Static checks on a receiver URL, before any DNS: the scheme is allowed, no user-info (it
 * would be sent as Basic credentials and lands in logs), a host is present, and a literal
 * address (in any spelling the URL parser normalises, e.g. `0x7f.1` → 127.0.0.1) passes the
 * address guard. Host names are only refused when they are localhost names; the adapter
 * must resolve the rest and check every address it would connect to.
 */
export function checkUrl(raw: string, options: UrlGuardOptions): UrlCheck {
  if (raw.length > MAX_URL_LENGTH) return { ok: false, code: 'url_too_long', detail: `URL is longer than ${MAX_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, code: 'invalid_url', detail: 'not an absolute URL' };
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (!options.allowedSchemes.includes(scheme)) {
    return { ok: false, code: 'scheme_not_allowed', detail: `scheme ${scheme} is not one of ${options.allowedSchemes.join(', ')}` };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, code: 'credentials_in_url', detail: 'credentials belong in the receiver secret, not the URL' };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') return { ok: false, code: 'missing_host', detail: 'URL has no host' };
  const allowCidrs = options.allowCidrs ?? [];
  const hostIsAddress = url.hostname.startsWith('[') || /^\d+\.\d+\.\d+\.\d+$/.test(host);
  if (hostIsAddress) {
    const address = guardAddress(host, { allowCidrs });
    if (!address.allowed) return { ok: false, code: 'blocked_address', detail: `${host} is in a blocked range (${address.range})`, address };
  } else if (isLocalhostName(host)) {
    const loopbackAllowed = guardAddress('127.0.0.1', { allowCidrs }).allowed || guardAddress('::1', { allowCidrs }).allowed;
    if (!loopbackAllowed) return { ok: false, code: 'blocked_hostname', detail: `${host} always means loopback` };
  }
  return { ok: true, url, host, hostIsAddress };
}
