import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { DeliveryJob } from '@herald/contracts';
import type { OAuth2Auth } from '../../channels/index.js';
import { message } from '../../routing/domain/incident-message.fixture.js';
import { AttemptSender } from '../attempt-sender.js';
import { EmailSender } from '../email/email-sender.js';
import { GuardedHttpClient } from '../http/guarded-http-client.js';
import { OAuth2Tokens } from './oauth2-tokens.js';

/* OAuth2 client credentials against a real token endpoint and resource server on loopback. */

interface Seen {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('OAuth2 client-credentials tokens', () => {
  let server: Server;
  let port: number;
  const seen: Seen[] = [];
  let issued = 0;
  let tokenStatus = 200;
  let expiresIn: number | undefined = 3_600;
  let revoked = new Set<string>();
  let clock = 1_000_000;
  let http: GuardedHttpClient;

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        seen.push({ path: req.url ?? '/', headers: req.headers, body });
        if (req.url === '/token') {
          if (tokenStatus !== 200) return res.writeHead(tokenStatus).end('{"error":"temporarily_unavailable"}');
          issued += 1;
          const payload = { access_token: `tok-${issued}`, token_type: 'Bearer', ...(expiresIn !== undefined ? { expires_in: expiresIn } : {}) };
          return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
        }
        const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
        const ok = token.startsWith('tok-') && !revoked.has(token);
        res.writeHead(ok ? 204 : 401).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    http = new GuardedHttpClient({ allowCidrs: ['127.0.0.0/8'], connectTimeoutMs: 1_000, requestTimeoutMs: 2_000 });
  });

  after(async () => {
    await http.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  beforeEach(() => {
    seen.length = 0;
    tokenStatus = 200;
    expiresIn = 3_600;
    revoked = new Set();
  });

  const auth = (): OAuth2Auth => ({
    type: 'oauth2',
    tokenUrl: `http://127.0.0.1:${port}/token`,
    clientId: 'herald',
    clientSecret: 'client-secret-1',
    scopes: ['events:write'],
  });

  it('fetches with client_credentials and Basic client authentication', async () => {
    const tokens = new OAuth2Tokens(http, () => clock);
    const result = await tokens.token(auth());
    assert.ok(result.ok && !result.fromCache);
    const request = seen.find((s) => s.path === '/token')!;
    assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(request.headers.authorization, `Basic ${Buffer.from('herald:client-secret-1').toString('base64')}`);
    const form = new URLSearchParams(request.body);
    assert.equal(form.get('grant_type'), 'client_credentials');
    assert.equal(form.get('scope'), 'events:write');
  });

  it('serves the cached token until shortly before expiry, then fetches a new one', async () => {
    expiresIn = 600;
    const tokens = new OAuth2Tokens(http, () => clock);
    const first = await tokens.token(auth());
    clock += 500_000; // 100 s before expiry: still well inside the refresh margin of 60 s
    const second = await tokens.token(auth());
    assert.ok(first.ok && second.ok);
    assert.equal(second.token, first.token);
    assert.equal(second.fromCache, true);
    clock += 50_000; // 50 s before expiry: inside the margin
    const third = await tokens.token(auth());
    assert.ok(third.ok);
    assert.notEqual(third.token, first.token);
    assert.equal(seen.filter((s) => s.path === '/token').length, 2);
  });

  it('shares one fetch among concurrent sends', async () => {
    const tokens = new OAuth2Tokens(http, () => clock);
    const results = await Promise.all(Array.from({ length: 5 }, () => tokens.token(auth())));
    assert.equal(new Set(results.map((r) => (r.ok ? r.token : 'x'))).size, 1);
    assert.equal(seen.filter((s) => s.path === '/token').length, 1);
  });

  it('a new secret never gets the old secret’s token', async () => {
    const tokens = new OAuth2Tokens(http, () => clock);
    const a = await tokens.token(auth());
    const b = await tokens.token({ ...auth(), clientSecret: 'client-secret-2' });
    assert.ok(a.ok && b.ok);
    assert.notEqual(a.token, b.token);
  });

  it('reports the token endpoint’s failure with its status, so a 503 there is retried like any 503', async () => {
    tokenStatus = 503;
    const tokens = new OAuth2Tokens(http, () => clock);
    const result = await tokens.token(auth());
    assert.ok(!result.ok);
    assert.equal(result.attempt.statusCode, 503);
  });

  describe('in a delivery attempt', () => {
    const job = (): DeliveryJob => ({ id: 'evt.oauth-hook', receiverId: 'oauth-hook', channel: 'webhook', createdAt: new Date().toISOString(), message: message() });
    const target = () => ({ id: 'oauth-hook', name: 'OAuth hook', channel: 'webhook' as const, settings: { url: `http://127.0.0.1:${port}/hook`, auth: auth() } });

    it('sends the bearer token, keeps it out of the log, and reuses it', async () => {
      const sender = new AttemptSender(http, new EmailSender(undefined, 1_000), new OAuth2Tokens(http, () => clock), undefined);
      const first = await sender.attempt(job(), target(), new Date());
      const second = await sender.attempt(job(), target(), new Date());
      assert.equal(first.statusCode, 204, JSON.stringify(first));
      assert.equal(second.statusCode, 204);
      const hooks = seen.filter((s) => s.path === '/hook');
      assert.equal(hooks.length, 2);
      assert.match(hooks[0]!.headers.authorization ?? '', /^Bearer tok-\d+$/);
      assert.equal(seen.filter((s) => s.path === '/token').length, 1, 'one token for both sends');
      assert.doesNotMatch(JSON.stringify(first.request), /tok-\d+|client-secret/);
    });

    it('a revoked cached token (401) is replaced and the send tried once more', async () => {
      const tokens = new OAuth2Tokens(http, () => clock);
      const sender = new AttemptSender(http, new EmailSender(undefined, 1_000), tokens, undefined);
      const first = await sender.attempt(job(), target(), new Date());
      assert.equal(first.statusCode, 204);
      const old = seen.filter((s) => s.path === '/hook').at(-1)!.headers.authorization!.replace('Bearer ', '');
      revoked.add(old);
      const second = await sender.attempt(job(), target(), new Date());
      assert.equal(second.statusCode, 204, JSON.stringify(second));
      const last = seen.filter((s) => s.path === '/hook').at(-1)!;
      assert.notEqual(last.headers.authorization, `Bearer ${old}`);
    });

    it('a token endpoint that fails makes the attempt fail with error class oauth2_token, without contacting the target', async () => {
      tokenStatus = 500;
      const sender = new AttemptSender(http, new EmailSender(undefined, 1_000), new OAuth2Tokens(http, () => clock), undefined);
      const result = await sender.attempt(job(), target(), new Date());
      assert.equal(result.errorClass, 'oauth2_token');
      assert.equal(result.result.statusCode, 500);
      assert.equal(seen.filter((s) => s.path === '/hook').length, 0);
    });
  });
});
