import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientBasicAuth, clientCredentialsForm, DEFAULT_TOKEN_LIFETIME_MS, TokenResponse, tokenRefreshAt } from './oauth2-token.js';

describe('tokenRefreshAt', () => {
  const cases: Array<[string, number | undefined, number]> = [
    ['an hour-long token is replaced a minute before it expires', 3_600, 3_540_000],
    ['a 5-minute token, a tenth of its life (30 s) early', 300, 270_000],
    ['a 100-second token, a tenth of its life early', 100, 90_000],
    ['a token that is already expired is replaced at once', 0, 0],
    ['no expires_in: the default lifetime less a tenth', undefined, DEFAULT_TOKEN_LIFETIME_MS * 0.9],
  ];
  for (const [name, expiresIn, after] of cases) {
    it(name, () => assert.equal(tokenRefreshAt(1_000_000, expiresIn), 1_000_000 + after));
  }
});

describe('client credentials request', () => {
  it('form: grant type, space-separated scopes, audience', () => {
    const form = new URLSearchParams(clientCredentialsForm({ scopes: ['alerts:write', 'events'], audience: 'https://api.example.com' }));
    assert.equal(form.get('grant_type'), 'client_credentials');
    assert.equal(form.get('scope'), 'alerts:write events');
    assert.equal(form.get('audience'), 'https://api.example.com');
  });
  it('form without scopes or audience has neither', () => {
    assert.equal(clientCredentialsForm({}), 'grant_type=client_credentials');
  });
  it('Basic credentials are form-urlencoded first (RFC 6749 §2.3.1)', () => {
    const header = clientBasicAuth('my client', 'p:ss/wörd');
    const decoded = Buffer.from(header.replace(/^Basic /, ''), 'base64').toString('utf8');
    assert.equal(decoded, 'my+client:p%3Ass%2Fw%C3%B6rd');
  });
  it('token response: expires_in may be a string; access_token is required', () => {
    assert.equal(TokenResponse.parse({ access_token: 'a', token_type: 'Bearer', expires_in: '60' }).expires_in, 60);
    assert.equal(TokenResponse.safeParse({ token_type: 'Bearer' }).success, false);
  });
});
