import ipaddr from 'ipaddr.js';
import { isIP } from 'node:net';
import { z } from 'zod';

/** Why an address is (not) reachable from dispatch. Only `unicast` is allowed by default. */
export type AddressRange =
  | 'unicast'
  | 'invalid'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'linkLocal'
  | 'carrierGradeNat'
  | 'broadcast'
  | 'multicast'
  | 'reserved'
  | 'documentation'
  | 'benchmarking'
  | 'cloudMetadata';

/** IPv6 forms that carry an IPv4 address; the verdict then follows that address. */
export type Ipv4Embedding = 'ipv4Mapped' | 'ipv4Translated' | 'nat64' | '6to4' | 'teredo';

export interface AddressClass {
  readonly allowed: boolean;
  readonly range: AddressRange;
  readonly via?: Ipv4Embedding;
  readonly embeddedIpv4?: string;
  /** Set when the address was blocked by range but let through by `allowCidrs`. */
  readonly allowListed?: boolean;
}

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

function table(entries: ReadonlyArray<[AddressRange, string]>): ReadonlyArray<[AddressRange, Cidr]> {
  return entries.map(([range, cidr]) => [range, ipaddr.parseCIDR(cidr)]);
}

// First match wins, so the specific entries come before the ranges that contain them.
const IPV4_BLOCKED = table([
  ['cloudMetadata', '169.254.169.254/32'], // AWS, GCP, Azure, OCI, DigitalOcean instance metadata
  ['cloudMetadata', '168.63.129.16/32'], // Azure platform endpoint (a public address)
  ['broadcast', '255.255.255.255/32'],
  ['unspecified', '0.0.0.0/8'], // "this network"; 0.0.0.0 reaches localhost on many systems
  ['private', '10.0.0.0/8'],
  ['carrierGradeNat', '100.64.0.0/10'], // also holds Alibaba's metadata 100.100.100.200
  ['loopback', '127.0.0.0/8'],
  ['linkLocal', '169.254.0.0/16'],
  ['private', '172.16.0.0/12'],
  ['reserved', '192.0.0.0/24'], // IETF protocol assignments
  ['documentation', '192.0.2.0/24'],
  ['reserved', '192.88.99.0/24'], // deprecated 6to4 relay anycast
  ['private', '192.168.0.0/16'],
  ['benchmarking', '198.18.0.0/15'],
  ['documentation', '198.51.100.0/24'],
  ['documentation', '203.0.113.0/24'],
  ['multicast', '224.0.0.0/4'],
  ['reserved', '240.0.0.0/4'],
]);

const IPV6_BLOCKED = table([
  ['unspecified', '::/128'],
  ['loopback', '::1/128'],
  ['reserved', '64:ff9b:1::/48'], // local-use NAT64: translates into private networks
  ['reserved', '100::/64'], // discard-only
  ['benchmarking', '2001:2::/48'],
  ['reserved', '2001:10::/28'], // ORCHID (deprecated)
  ['reserved', '2001:20::/28'], // ORCHIDv2
  ['documentation', '2001:db8::/32'],
  ['documentation', '3fff::/20'],
  ['cloudMetadata', 'fd00:ec2::254/128'], // AWS instance metadata over IPv6
  ['private', 'fc00::/7'], // unique local
  ['linkLocal', 'fe80::/10'],
  ['reserved', 'fec0::/10'], // site-local (deprecated)
  ['multicast', 'ff00::/8'],
]);

const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');
const EMBEDDINGS: ReadonlyArray<[Ipv4Embedding, Cidr]> = [
  ['ipv4Mapped', ipaddr.parseCIDR('::ffff:0:0/96')],
  ['ipv4Translated', ipaddr.parseCIDR('::ffff:0:0:0/96')],
  ['nat64', ipaddr.parseCIDR('64:ff9b::/96')],
  ['6to4', ipaddr.parseCIDR('2002::/16')],
  ['teredo', ipaddr.parseCIDR('2001::/32')],
];

function inCidr(address: ipaddr.IPv4 | ipaddr.IPv6, [network, bits]: Cidr): boolean {
  return address.kind() === network.kind() && address.match(network, bits);
}

function ipv4From(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/** The IPv4 addresses an IPv6 address embeds, most significant first; Teredo carries two. */
function embedded(kind: Ipv4Embedding, p: readonly number[]): ipaddr.IPv4[] {
  const at = (i: number) => p[i] ?? 0;
  switch (kind) {
    case 'ipv4Mapped':
    case 'ipv4Translated':
    case 'nat64':
      return [ipv4From(at(6), at(7))];
    case '6to4':
      return [ipv4From(at(1), at(2))];
    case 'teredo':
      // The client's address is stored inverted; the relay server is in bits 32..63.
      return [ipv4From(~at(6) & 0xffff, ~at(7) & 0xffff), ipv4From(at(2), at(3))];
  }
}

function classifyIpv4(address: ipaddr.IPv4): AddressClass {
  const hit = IPV4_BLOCKED.find(([, cidr]) => inCidr(address, cidr));
  return hit ? { allowed: false, range: hit[0] } : { allowed: true, range: 'unicast' };
}

function classifyIpv6(address: ipaddr.IPv6): AddressClass {
  for (const [via, cidr] of EMBEDDINGS) {
    if (!inCidr(address, cidr)) continue;
    const inner = embedded(via, address.parts);
    const blocked = inner.map((v4) => ({ v4, verdict: classifyIpv4(v4) })).find((x) => !x.verdict.allowed);
    const chosen = blocked ?? { v4: inner[0]!, verdict: classifyIpv4(inner[0]!) };
    return { ...chosen.verdict, via, embeddedIpv4: chosen.v4.toString() };
  }
  const hit = IPV6_BLOCKED.find(([, cidr]) => inCidr(address, cidr));
  if (hit) return { allowed: false, range: hit[0] };
  // Outside global unicast, IPv6 is reserved space (IPv4-compatible ::/96, unassigned blocks...).
  return inCidr(address, GLOBAL_UNICAST) ? { allowed: true, range: 'unicast' } : { allowed: false, range: 'reserved' };
}

/**
 * Rewrites a dotted IPv4 tail of an IPv6 address as two hex groups. ipaddr.js reads any dotted
 * tail as IPv4-mapped (`::1.2.3.4` as `::ffff:1.2.3.4`), which would misclassify the deprecated
 * IPv4-compatible form; hex groups it reads exactly.
 */
function hexTail(ip: string): string {
  const m = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)(%.*)?$/.exec(ip);
  if (!m) return ip;
  const [a, b, c, d] = [m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number];
  return `${m[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}${m[6] ?? ''}`;
}

function parse(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  // node:net accepts only canonical forms, so "0x7f.1" or "2130706433" never reach ipaddr's lenient parser.
  const version = isIP(ip);
  if (version === 0) return undefined;
  try {
    return ipaddr.parse(version === 6 ? hexTail(ip) : ip);
  } catch {
    return undefined;
  }
}

/**
 * Whether dispatch may connect to a resolved address. Refuses everything that is not public
 * unicast: loopback, private, link-local, CGNAT, unspecified, broadcast, multicast, reserved,
 * documentation, benchmarking, cloud metadata, and IPv6 forms embedding such an IPv4 address
 * (IPv4-mapped and -translated, NAT64, 6to4, Teredo). Unparseable input is refused as `invalid`.
 */
export function classifyAddress(ip: string): AddressClass {
  const address = parse(ip);
  if (!address) return { allowed: false, range: 'invalid' };
  return address.kind() === 'ipv4' ? classifyIpv4(address as ipaddr.IPv4) : classifyIpv6(address as ipaddr.IPv6);
}

export interface AddressGuardOptions {
  /** CIDRs to allow even when blocked, e.g. `127.0.0.0/8` for local development. Invalid entries are ignored. */
  readonly allowCidrs: readonly string[];
}

function parseCidr(text: string): Cidr | undefined {
  try {
    return ipaddr.parseCIDR(text);
  } catch {
    return undefined;
  }
}

export function isValidCidr(text: string): boolean {
  return parseCidr(text) !== undefined;
}

/** Configuration of the guard; invalid CIDRs are rejected here rather than silently ignored later. */
export const AddressGuardConfig = z.object({
  allowCidrs: z.array(z.string().refine(isValidCidr, 'must be a CIDR such as 127.0.0.0/8 or fd00::/8')).max(100).default([]),
});

/**
 * {@link classifyAddress} with the allow-list applied. An IPv4-mapped or -translated address
 * is the same destination as its IPv4 address, so an IPv4 CIDR also allows it; the other
 * embeddings reach the IPv4 host only through a translator, so they must be listed themselves.
 */
export function guardAddress(ip: string, options: AddressGuardOptions): AddressClass {
  const verdict = classifyAddress(ip);
  if (verdict.allowed || verdict.range === 'invalid') return verdict;
  return inAllowList(ip, options.allowCidrs) ? { ...verdict, allowed: true, allowListed: true } : verdict;
}

/**
 * True when the address is inside one of the CIDRs, whatever its range (a public address
 * listed counts). Plain `http://` goes only to such addresses: the allow-list names networks
 * the operator trusts, where an unencrypted hop is their choice.
 */
export function inAllowList(ip: string, allowCidrs: readonly string[]): boolean {
  const address = parse(ip);
  if (!address) return false;
  const verdict = classifyAddress(ip);
  const candidates: Array<ipaddr.IPv4 | ipaddr.IPv6> = [address];
  if ((verdict.via === 'ipv4Mapped' || verdict.via === 'ipv4Translated') && verdict.embeddedIpv4) candidates.push(ipaddr.IPv4.parse(verdict.embeddedIpv4));
  return allowCidrs.some((text) => {
    const cidr = parseCidr(text);
    return cidr !== undefined && candidates.some((c) => inCidr(c, cidr));
  });
}

export function isAllowed(ip: string, options: AddressGuardOptions): boolean {
  return guardAddress(ip, options).allowed;
}
