import ipaddr from 'ipaddr.js';

/** True when `address` (as the socket reports it, IPv4-mapped IPv6 included) lies in one of `cidrs`. */
export function isTrustedAddress(address: string | undefined, cidrs: readonly string[]): boolean {
  if (!address || !ipaddr.isValid(address)) return false;
  const ip = ipaddr.process(address);
  return cidrs.some((cidr) => {
    const [range, bits] = ipaddr.parseCIDR(cidr);
    return range.kind() === ip.kind() && ip.match([range, bits]);
  });
}
