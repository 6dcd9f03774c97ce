import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type AddressRange, AddressGuardConfig, classifyAddress, guardAddress, isAllowed } from './address-guard.js';

interface BlockedCase {
  readonly cidr: string;
  readonly range: AddressRange;
  readonly inside: readonly string[];
  /** Just past each edge, with the range expected there (`unicast` = allowed). */
  readonly outside: ReadonlyArray<[string, AddressRange]>;
}

const IPV4: BlockedCase[] = [
  { cidr: '0.0.0.0/8', range: 'unspecified', inside: ['0.0.0.0', '0.255.255.255'], outside: [['1.0.0.0', 'unicast']] },
  { cidr: '10.0.0.0/8', range: 'private', inside: ['10.0.0.0', '10.255.255.255'], outside: [['9.255.255.255', 'unicast'], ['11.0.0.0', 'unicast']] },
  { cidr: '100.64.0.0/10', range: 'carrierGradeNat', inside: ['100.64.0.0', '100.100.100.200', '100.127.255.255'], outside: [['100.63.255.255', 'unicast'], ['100.128.0.0', 'unicast']] },
  { cidr: '127.0.0.0/8', range: 'loopback', inside: ['127.0.0.1', '127.0.0.0', '127.255.255.255'], outside: [['126.255.255.255', 'unicast'], ['128.0.0.0', 'unicast']] },
  { cidr: '169.254.0.0/16', range: 'linkLocal', inside: ['169.254.0.1', '169.254.255.255'], outside: [['169.253.255.255', 'unicast'], ['169.255.0.0', 'unicast']] },
  { cidr: '169.254.169.254/32', range: 'cloudMetadata', inside: ['169.254.169.254'], outside: [['169.254.169.253', 'linkLocal'], ['169.254.169.255', 'linkLocal']] },
  { cidr: '168.63.129.16/32', range: 'cloudMetadata', inside: ['168.63.129.16'], outside: [['168.63.129.15', 'unicast'], ['168.63.129.17', 'unicast']] },
  { cidr: '172.16.0.0/12', range: 'private', inside: ['172.16.0.0', '172.31.255.255'], outside: [['172.15.255.255', 'unicast'], ['172.32.0.0', 'unicast']] },
  { cidr: '192.0.0.0/24', range: 'reserved', inside: ['192.0.0.0', '192.0.0.255'], outside: [['191.255.255.255', 'unicast'], ['192.0.1.0', 'unicast']] },
  { cidr: '192.0.2.0/24', range: 'documentation', inside: ['192.0.2.0', '192.0.2.255'], outside: [['192.0.1.255', 'unicast'], ['192.0.3.0', 'unicast']] },
  { cidr: '192.88.99.0/24', range: 'reserved', inside: ['192.88.99.0', '192.88.99.255'], outside: [['192.88.98.255', 'unicast'], ['192.88.100.0', 'unicast']] },
  { cidr: '192.168.0.0/16', range: 'private', inside: ['192.168.0.0', '192.168.255.255'], outside: [['192.167.255.255', 'unicast'], ['192.169.0.0', 'unicast']] },
  { cidr: '198.18.0.0/15', range: 'benchmarking', inside: ['198.18.0.0', '198.19.255.255'], outside: [['198.17.255.255', 'unicast'], ['198.20.0.0', 'unicast']] },
  { cidr: '198.51.100.0/24', range: 'documentation', inside: ['198.51.100.0', '198.51.100.255'], outside: [['198.51.99.255', 'unicast'], ['198.51.101.0', 'unicast']] },
  { cidr: '203.0.113.0/24', range: 'documentation', inside: ['203.0.113.0', '203.0.113.255'], outside: [['203.0.112.255', 'unicast'], ['203.0.114.0', 'unicast']] },
  { cidr: '224.0.0.0/4', range: 'multicast', inside: ['224.0.0.0', '239.255.255.255'], outside: [['223.255.255.255', 'unicast'], ['240.0.0.0', 'reserved']] },
  { cidr: '240.0.0.0/4', range: 'reserved', inside: ['240.0.0.0', '255.255.255.254'], outside: [['239.255.255.255', 'multicast'], ['255.255.255.255', 'broadcast']] },
  { cidr: '255.255.255.255/32', range: 'broadcast', inside: ['255.255.255.255'], outside: [['255.255.255.254', 'reserved']] },
];

// Outside 2000::/3 all IPv6 space is refused as reserved, so there "just outside" a named range is still blocked.
const IPV6: BlockedCase[] = [
  { cidr: '::/128', range: 'unspecified', inside: ['::', '0:0:0:0:0:0:0:0'], outside: [['::2', 'reserved']] },
  { cidr: '::1/128', range: 'loopback', inside: ['::1', '0:0:0:0:0:0:0:1'], outside: [['::', 'unspecified'], ['::2', 'reserved']] },
  { cidr: '64:ff9b:1::/48', range: 'reserved', inside: ['64:ff9b:1::1', '64:ff9b:1:ffff:ffff:ffff:ffff:ffff'], outside: [['64:ff9b:2::', 'reserved']] },
  { cidr: '100::/64', range: 'reserved', inside: ['100::', '100::ffff:ffff:ffff:ffff'], outside: [['100:0:0:1::', 'reserved']] },
  { cidr: '2001:2::/48', range: 'benchmarking', inside: ['2001:2::', '2001:2:0:ffff:ffff:ffff:ffff:ffff'], outside: [['2001:1:ffff:ffff:ffff:ffff:ffff:ffff', 'unicast'], ['2001:2:1::', 'unicast']] },
  { cidr: '2001:10::/28', range: 'reserved', inside: ['2001:10::', '2001:1f:ffff:ffff:ffff:ffff:ffff:ffff'], outside: [['2001:f:ffff:ffff:ffff:ffff:ffff:ffff', 'unicast']] },
  { cidr: '2001:20::/28', range: 'reserved', inside: ['2001:20::1', '2001:2f:ffff:ffff:ffff:ffff:ffff:ffff'], outside: [['2001:30::', 'unicast']] },
  { cidr: '2001:db8::/32', range: 'documentation', inside: ['2001:db8::1', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff'], outside: [['2001:db7:ffff:ffff:ffff:ffff:ffff:ffff', 'unicast'], ['2001:db9::', 'unicast']] },
  { cidr: '3fff::/20', range: 'documentation', inside: ['3fff::1', '3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff'], outside: [['3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'unicast'], ['3fff:1000::', 'unicast']] },
  { cidr: 'fd00:ec2::254/128', range: 'cloudMetadata', inside: ['fd00:ec2::254'], outside: [['fd00:ec2::253', 'private'], ['fd00:ec2::255', 'private']] },
  { cidr: 'fc00::/7', range: 'private', inside: ['fc00::', 'fd12:3456::1', 'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'], outside: [['fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'reserved'], ['fe00::', 'reserved']] },
  { cidr: 'fe80::/10', range: 'linkLocal', inside: ['fe80::1', 'fe80::1%eth0', 'febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff'], outside: [['fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'reserved'], ['fec0::', 'reserved']] },
  { cidr: 'fec0::/10', range: 'reserved', inside: ['fec0::1', 'feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'], outside: [['ff00::', 'multicast']] },
  { cidr: 'ff00::/8', range: 'multicast', inside: ['ff02::1', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'], outside: [['feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'reserved']] },
  { cidr: 'outside 2000::/3', range: 'reserved', inside: ['1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '4000::', '::1.2.3.4'], outside: [['2000::', 'unicast'], ['3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'unicast']] },
];

describe('classifyAddress: every blocked range', () => {
  for (const c of [...IPV4, ...IPV6]) {
    for (const ip of c.inside) {
      it(`${c.cidr}: ${ip} is refused as ${c.range}`, () => {
        assert.deepEqual(classifyAddress(ip), { allowed: false, range: c.range });
      });
    }
    for (const [ip, range] of c.outside) {
      it(`${c.cidr}: ${ip} just outside is ${range}`, () => {
        const result = classifyAddress(ip);
        assert.equal(result.range, range);
        assert.equal(result.allowed, range === 'unicast');
      });
    }
  }
});

describe('classifyAddress: public and invalid', () => {
  for (const ip of ['8.8.8.8', '1.1.1.1', '93.184.216.34', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e']) {
    it(`${ip} is allowed`, () => assert.deepEqual(classifyAddress(ip), { allowed: true, range: 'unicast' }));
  }
  // Only canonical spellings: resolvers never produce the others, and inet_aton-style forms hide loopback.
  for (const ip of ['', 'localhost', '127.1', '0x7f.0.0.1', '2130706433', '017.0.0.1', '1.2.3.4/32', '::ffff:999.0.0.1', ' 8.8.8.8', '256.0.0.1', ':::1']) {
    it(`${JSON.stringify(ip)} is refused as invalid`, () => assert.deepEqual(classifyAddress(ip), { allowed: false, range: 'invalid' }));
  }
});

describe('classifyAddress: IPv6 embedding IPv4', () => {
  const cases: Array<[string, boolean, AddressRange, string, string]> = [
    // [address, allowed, range, via, embedded]
    ['::ffff:127.0.0.1', false, 'loopback', 'ipv4Mapped', '127.0.0.1'],
    ['::ffff:7f00:1', false, 'loopback', 'ipv4Mapped', '127.0.0.1'],
    ['::ffff:10.1.2.3', false, 'private', 'ipv4Mapped', '10.1.2.3'],
    ['::ffff:169.254.169.254', false, 'cloudMetadata', 'ipv4Mapped', '169.254.169.254'],
    ['::ffff:8.8.8.8', true, 'unicast', 'ipv4Mapped', '8.8.8.8'],
    ['::ffff:0:127.0.0.1', false, 'loopback', 'ipv4Translated', '127.0.0.1'],
    ['::ffff:0:8.8.8.8', true, 'unicast', 'ipv4Translated', '8.8.8.8'],
    ['64:ff9b::127.0.0.1', false, 'loopback', 'nat64', '127.0.0.1'],
    ['64:ff9b::a9fe:a9fe', false, 'cloudMetadata', 'nat64', '169.254.169.254'],
    ['64:ff9b::8.8.8.8', true, 'unicast', 'nat64', '8.8.8.8'],
    ['2002:7f00:1::', false, 'loopback', '6to4', '127.0.0.1'],
    ['2002:c0a8:101::1', false, 'private', '6to4', '192.168.1.1'],
    ['2002:808:808::1', true, 'unicast', '6to4', '8.8.8.8'],
    // Teredo (RFC 4380 example): server 65.54.227.120, client 192.0.2.45 stored inverted.
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', false, 'documentation', 'teredo', '192.0.2.45'],
    ['2001:0:4136:e378::80ff:fffe', false, 'loopback', 'teredo', '127.0.0.1'],
    ['2001:0:4136:e378::f7f7:f7f7', true, 'unicast', 'teredo', '8.8.8.8'],
    ['2001:0:a00:1::f7f7:f7f7', false, 'private', 'teredo', '10.0.0.1'],
  ];
  for (const [ip, allowed, range, via, embeddedIpv4] of cases) {
    it(`${ip} → ${allowed ? 'allowed' : range} via ${via}`, () => {
      assert.deepEqual(classifyAddress(ip), { allowed, range, via, embeddedIpv4 });
    });
  }
  it('the deprecated IPv4-compatible form is not read as IPv4-mapped', () => {
    assert.deepEqual(classifyAddress('::8.8.8.8'), { allowed: false, range: 'reserved' });
    assert.equal(isAllowed('::127.0.0.1', { allowCidrs: ['127.0.0.0/8'] }), false);
  });
  it('an IPv4-mapped address always gets its IPv4 verdict', () => {
    fc.assert(
      fc.property(fc.ipV4(), (v4) => {
        const mapped = classifyAddress(`::ffff:${v4}`);
        const plain = classifyAddress(v4);
        assert.equal(mapped.allowed, plain.allowed, v4);
        assert.equal(mapped.range, plain.range, v4);
      }),
    );
  });
});

describe('allow-list', () => {
  const cases: Array<[string, string[], boolean]> = [
    ['127.0.0.1', [], false],
    ['127.0.0.1', ['127.0.0.0/8'], true],
    ['127.10.20.30', ['127.0.0.0/8'], true],
    ['::ffff:127.0.0.1', ['127.0.0.0/8'], true],
    ['::ffff:0:127.0.0.1', ['127.0.0.0/8'], true],
    ['::1', ['127.0.0.0/8'], false],
    ['::1', ['::1/128'], true],
    ['10.1.2.3', ['10.1.0.0/16'], true],
    ['10.2.0.1', ['10.1.0.0/16'], false],
    ['192.168.1.10', ['10.0.0.0/8', '192.168.1.0/24'], true],
    ['fd12::1', ['fd00::/8'], true],
    // NAT64 and 6to4 reach the IPv4 host through a translator: list the IPv6 prefix itself.
    ['64:ff9b::7f00:1', ['127.0.0.0/8'], false],
    ['2002:7f00:1::', ['127.0.0.0/8'], false],
    ['127.0.0.1', ['nonsense', '127.0.0.0/8'], true],
    ['127.0.0.1', ['nonsense'], false],
    ['0x7f.0.0.1', ['0.0.0.0/0'], false],
    ['8.8.8.8', [], true],
  ];
  for (const [ip, allowCidrs, expected] of cases) {
    it(`${ip} with [${allowCidrs.join(', ')}] → ${expected}`, () => assert.equal(isAllowed(ip, { allowCidrs }), expected));
  }
  it('marks what the allow-list let through', () => {
    assert.deepEqual(guardAddress('127.0.0.1', { allowCidrs: ['127.0.0.0/8'] }), { allowed: true, range: 'loopback', allowListed: true });
    assert.deepEqual(guardAddress('8.8.8.8', { allowCidrs: ['0.0.0.0/0'] }), { allowed: true, range: 'unicast' });
  });
  it('config rejects an invalid CIDR and defaults to none', () => {
    assert.equal(AddressGuardConfig.safeParse({ allowCidrs: ['127.0.0.1'] }).success, false);
    assert.equal(AddressGuardConfig.safeParse({ allowCidrs: ['300.0.0.0/8'] }).success, false);
    assert.deepEqual(AddressGuardConfig.parse({}), { allowCidrs: [] });
  });
});
