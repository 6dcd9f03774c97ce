import { inAllowList } from './address-guard.js';

/**
 * Settings paths a receiver's own requests go to. Icon and avatar URLs are fetched by Slack or
 * Discord, never by Herald, so they are not destinations.
 */
export const DESTINATION_PATHS: ReadonlyArray<readonly string[]> = [['url'], ['auth', 'tokenUrl'], ['apiUrl'], ['logsUrl']];

/** A plain `http://` destination in a receiver's settings. */
export interface PlainHttpDestination {
  /** Dotted path in the receiver body, e.g. `settings.url`. */
  readonly path: string;
  /** Host without IPv6 brackets. */
  readonly host: string;
  /** An IP literal: checked as it is. A name must be resolved, every address checked. */
  readonly hostIsAddress: boolean;
}

function at(node: unknown, path: readonly string[]): unknown {
  let current = node;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The `http://` destinations among a receiver's settings (https ones and unparsable strings are not listed). */
export function plainHttpDestinations(settings: unknown): PlainHttpDestination[] {
  const out: PlainHttpDestination[] = [];
  for (const path of DESTINATION_PATHS) {
    const value = at(settings, path);
    if (typeof value !== 'string' || !URL.canParse(value)) continue;
    const url = new URL(value);
    if (url.protocol !== 'http:') continue;
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    out.push({ path: ['settings', ...path].join('.'), host, hostIsAddress: url.hostname.startsWith('[') || /^\d+\.\d+\.\d+\.\d+$/.test(host) });
  }
  return out;
}

/** `localhost` and `*.localhost` always mean loopback (RFC 6761), whatever DNS says. */
export function isLocalhostName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

export const PLAIN_HTTP_RULE = 'plain http:// is allowed only to addresses in DISPATCH_ALLOW_CIDRS; use https://';

/**
 * Whether plain HTTP may go to a host that resolved to `addresses`: only when one of them is
 * inside the allow-list (seed 001: HTTPS only, except networks the operator trusts). The
 * sender then connects only to the addresses inside. Returns the reason when it may not.
 */
export function plainHttpRefusal(host: string, addresses: readonly string[], allowCidrs: readonly string[]): string | undefined {
  if (allowCidrs.length === 0) return `${PLAIN_HTTP_RULE} (it is empty)`;
  if (addresses.length === 0) return `${host} resolves to no address; ${PLAIN_HTTP_RULE}`;
  if (addresses.some((a) => inAllowList(a, allowCidrs))) return undefined;
  return `${host}${addresses.length === 1 && addresses[0] === host ? '' : ` (${addresses.join(', ')})`} is outside DISPATCH_ALLOW_CIDRS; ${PLAIN_HTTP_RULE}`;
}

/** The addresses a host stands for without DNS: itself when a literal, both loopbacks for localhost names, else undefined (resolve it). */
export function staticAddresses(destination: Pick<PlainHttpDestination, 'host' | 'hostIsAddress'>): string[] | undefined {
  if (destination.hostIsAddress) return [destination.host];
  if (isLocalhostName(destination.host)) return ['127.0.0.1', '::1'];
  return undefined;
}
