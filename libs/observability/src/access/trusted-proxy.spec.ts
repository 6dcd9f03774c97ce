import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isTrustedAddress } from './trusted-proxy.js';

describe('isTrustedAddress', () => {
  const cidrs = ['127.0.0.1/32', '10.42.0.0/16', '::1/128'];
  const cases: Array<[string | undefined, boolean]> = [
    ['127.0.0.1', true],
    ['::ffff:127.0.0.1', true], // IPv4 on a dual-stack socket
    ['10.42.7.9', true],
    ['::1', true],
    ['10.43.0.1', false],
    ['192.168.1.1', false],
    ['not-an-address', false],
    [undefined, false],
  ];
  for (const [address, expected] of cases) it(`${address} → ${expected}`, () => assert.equal(isTrustedAddress(address, cidrs), expected));
});
