import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_URL_LENGTH, type UrlGuardOptions, type UrlRejection, checkUrl } from './url-guard.js';

const web: UrlGuardOptions = { allowedSchemes: ['https', 'http'] };

describe('checkUrl: refused', () => {
  const cases: Array<[string, UrlGuardOptions, UrlRejection]> = [
    ['not a url', web, 'invalid_url'],
    ['/relative/path', web, 'invalid_url'],
    ['https://', web, 'invalid_url'],
    [`https://example.com/${'a'.repeat(MAX_URL_LENGTH)}`, web, 'url_too_long'],
    ['http://example.com/hook', { allowedSchemes: ['https'] }, 'scheme_not_allowed'],
    ['ftp://example.com/x', web, 'scheme_not_allowed'],
    ['file:///etc/passwd', web, 'scheme_not_allowed'],
    ['javascript:alert(1)', web, 'scheme_not_allowed'],
    ['gopher://example.com:25/', web, 'scheme_not_allowed'],
    ['data:text/plain,hi', web, 'scheme_not_allowed'],
    ['https://user:secret@example.com/', web, 'credentials_in_url'],
    ['https://user@example.com/', web, 'credentials_in_url'],
    ['https://:secret@example.com/', web, 'credentials_in_url'],
    ['file:///etc/passwd', { allowedSchemes: ['file'] }, 'missing_host'],
    ['http://127.0.0.1:8080/', web, 'blocked_address'],
    ['http://0x7f.1/', web, 'blocked_address'],
    ['http://2130706433/', web, 'blocked_address'],
    ['http://0/', web, 'blocked_address'],
    ['http://[::1]/', web, 'blocked_address'],
    ['http://[::ffff:127.0.0.1]/', web, 'blocked_address'],
    ['http://169.254.169.254/latest/meta-data/', web, 'blocked_address'],
    ['http://[fd00:ec2::254]/', web, 'blocked_address'],
    ['https://10.0.0.5/hook', web, 'blocked_address'],
    ['http://localhost:8080/', web, 'blocked_hostname'],
    ['http://LOCALHOST./', web, 'blocked_hostname'],
    ['http://api.localhost/', web, 'blocked_hostname'],
  ];
  for (const [url, options, code] of cases) {
    it(`${url.slice(0, 60)} → ${code}`, () => {
      const result = checkUrl(url, options);
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.code, code, result.detail);
    });
  }
  it('says which range blocked a literal address', () => {
    const result = checkUrl('http://169.254.169.254/', web);
    assert.ok(!result.ok);
    assert.equal(result.address?.range, 'cloudMetadata');
    assert.match(result.detail, /cloudMetadata/);
  });
});

describe('checkUrl: accepted', () => {
  const cases: Array<[string, UrlGuardOptions, string, boolean]> = [
    ['https://hooks.example.com/services/T0/B0/x', web, 'hooks.example.com', false],
    ['http://example.com:8080/hook?x=1#f', web, 'example.com', false],
    ['https://8.8.8.8/hook', web, '8.8.8.8', true],
    ['https://[2606:4700:4700::1111]/hook', web, '2606:4700:4700::1111', true],
    ['http://localhost:8080/', { ...web, allowCidrs: ['127.0.0.0/8'] }, 'localhost', false],
    ['http://127.0.0.1:8080/', { ...web, allowCidrs: ['127.0.0.0/8'] }, '127.0.0.1', true],
    ['http://[::1]:8080/', { ...web, allowCidrs: ['::1/128'] }, '::1', true],
    // A name that resolves privately is caught after DNS, by the adapter, not here.
    ['https://internal.corp.example/', web, 'internal.corp.example', false],
  ];
  for (const [url, options, host, hostIsAddress] of cases) {
    it(url, () => {
      const result = checkUrl(url, options);
      assert.ok(result.ok, result.ok ? '' : result.detail);
      assert.equal(result.host, host);
      assert.equal(result.hostIsAddress, hostIsAddress);
    });
  }
});
