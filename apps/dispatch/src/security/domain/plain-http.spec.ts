import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inAllowList } from './address-guard.js';
import { plainHttpDestinations, plainHttpRefusal, staticAddresses } from './plain-http.js';

describe('plainHttpDestinations: the http:// URLs Herald itself would request', () => {
  const cases: Array<[string, unknown, Array<[string, string, boolean]>]> = [
    ['https is not listed', { url: 'https://hooks.example.com/x' }, []],
    ['a literal', { url: 'http://127.0.0.1:8099/n' }, [['settings.url', '127.0.0.1', true]]],
    ['an IPv6 literal', { url: 'http://[::1]:80/' }, [['settings.url', '::1', true]]],
    ['a name', { url: 'http://hooks.internal/x' }, [['settings.url', 'hooks.internal', false]]],
    ['the OAuth2 token URL', { url: 'https://a.example/x', auth: { type: 'oauth2', tokenUrl: 'http://10.0.0.5/token' } }, [['settings.auth.tokenUrl', '10.0.0.5', true]]],
    ['icon URLs are fetched by Slack, not Herald', { url: 'https://hooks.slack.com/x', iconUrl: 'http://example.com/i.png' }, []],
    ['not a URL', { url: 'nonsense' }, []],
    ['no settings', undefined, []],
  ];
  for (const [name, settings, expected] of cases) {
    it(name, () => {
      assert.deepEqual(plainHttpDestinations(settings).map((d) => [d.path, d.host, d.hostIsAddress]), expected);
    });
  }
});

describe('plainHttpRefusal: plain HTTP only to DISPATCH_ALLOW_CIDRS', () => {
  const cases: Array<[string, string[], string[], RegExp | undefined]> = [
    ['loopback, loopback allowed', ['127.0.0.1'], ['127.0.0.0/8'], undefined],
    ['public address listed', ['203.0.113.7'], ['203.0.113.0/24'], undefined],
    ['public address not listed (HTTPS only)', ['93.184.216.34'], ['127.0.0.0/8'], /outside DISPATCH_ALLOW_CIDRS; .*use https/],
    ['empty allow-list', ['127.0.0.1'], [], /it is empty/],
    ['no address', [], ['127.0.0.0/8'], /resolves to no address/],
    ['one of several inside (the sender uses only those)', ['93.184.216.34', '10.1.2.3'], ['10.0.0.0/8'], undefined],
    ['IPv4-mapped IPv6 of a listed IPv4', ['::ffff:127.0.0.1'], ['127.0.0.0/8'], undefined],
    ['localhost: either loopback listed', ['127.0.0.1', '::1'], ['::1/128'], undefined],
  ];
  for (const [name, addresses, allow, refused] of cases) {
    it(name, () => {
      const verdict = plainHttpRefusal('host', addresses, allow);
      if (refused) assert.match(verdict ?? '', refused);
      else assert.equal(verdict, undefined);
    });
  }
});

describe('staticAddresses and inAllowList', () => {
  it('a literal is itself, localhost both loopbacks, a name needs DNS', () => {
    assert.deepEqual(staticAddresses({ host: '10.0.0.1', hostIsAddress: true }), ['10.0.0.1']);
    assert.deepEqual(staticAddresses({ host: 'api.localhost', hostIsAddress: false }), ['127.0.0.1', '::1']);
    assert.equal(staticAddresses({ host: 'example.com', hostIsAddress: false }), undefined);
  });
  it('membership ignores the range: a listed public address is in, an unlisted private one out', () => {
    assert.equal(inAllowList('8.8.8.8', ['8.8.8.0/24']), true);
    assert.equal(inAllowList('10.0.0.1', ['127.0.0.0/8']), false);
    assert.equal(inAllowList('not-an-ip', ['0.0.0.0/0']), false);
  });
});
