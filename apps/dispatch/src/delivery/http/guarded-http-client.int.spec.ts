import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { GuardedHttpClient, type HttpClientOptions, type Resolver } from './guarded-http-client.js';

/*
 * The SSRF guard on the real connect path: real loopback HTTP servers, real undici sockets.
 * DNS is the one thing faked (a resolver mapping test names to addresses), because the point
 * is what happens when a public-looking name resolves to an internal address.
 */

interface Hit {
  path: string;
  headers: IncomingMessage['headers'];
}

async function server(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; port: number; hits: Hit[] }> {
  const hits: Hit[] = [];
  const s = createServer((req, res) => {
    hits.push({ path: req.url ?? '/', headers: req.headers });
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return { server: s, port: (s.address() as AddressInfo).port, hits };
}

const DNS: Record<string, Array<{ address: string; family: number }>> = {
  'hooks.example.test': [{ address: '127.0.0.1', family: 4 }],
  'mapped.example.test': [{ address: '::ffff:127.0.0.1', family: 6 }],
  'mixed.example.test': [
    { address: '93.184.216.34', family: 4 },
    { address: '127.0.0.1', family: 4 },
  ],
  'metadata.example.test': [{ address: '169.254.169.254', family: 4 }],
  'public.example.test': [{ address: '93.184.216.34', family: 4 }],
};
const resolve: Resolver = async (hostname) => {
  const found = DNS[hostname];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return found;
};

const client = (overrides: Partial<HttpClientOptions> = {}): GuardedHttpClient =>
  new GuardedHttpClient({ allowCidrs: [], connectTimeoutMs: 1_000, requestTimeoutMs: 1_000, resolve, ...overrides });

describe('GuardedHttpClient against real sockets', () => {
  let target: Awaited<ReturnType<typeof server>>;
  let redirector: Awaited<ReturnType<typeof server>>;
  let hang: Awaited<ReturnType<typeof server>>;
  let stall: Awaited<ReturnType<typeof server>>;
  let drip: Awaited<ReturnType<typeof server>>;
  let large: Awaited<ReturnType<typeof server>>;
  const drips: NodeJS.Timeout[] = [];
  const clients: GuardedHttpClient[] = [];
  const make = (o: Partial<HttpClientOptions> = {}): GuardedHttpClient => {
    const c = client(o);
    clients.push(c);
    return c;
  };

  before(async () => {
    target = await server((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'));
    redirector = await server((_req, res) => res.writeHead(302, { location: `http://127.0.0.1:${target.port}/stolen` }).end());
    hang = await server(() => undefined);
    // Headers at once, then a body that never comes.
    stall = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('x');
    });
    // 64 KiB in several writes, multi-byte characters included.
    large = await server((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain', 'x-reason': 'overloaded' });
      for (let i = 0; i < 16; i++) res.write('é'.repeat(2_048));
      res.end();
    });
    // Headers at once, then a byte every 50 ms for ever: never idle, never done.
    drip = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      drips.push(setInterval(() => res.write('x'), 50));
    });
  });

  after(async () => {
    drips.forEach(clearInterval);
    await Promise.all(clients.map((c) => c.close()));
    for (const s of [target, redirector, hang, stall, drip, large]) {
      s.server.closeAllConnections();
      await new Promise((r) => s.server.close(r));
    }
  });

  it('refuses a host name that resolves to 127.0.0.1 when loopback is not allow-listed, and never connects', async () => {
    const before = target.hits.length;
    const result = await make().post(`http://hooks.example.test:${target.port}/hook`, {}, '{}');
    assert.equal(result.error, 'blocked', JSON.stringify(result));
    assert.match(result.errorDetail ?? '', /refused address \(loopback\)/);
    assert.equal(target.hits.length, before, 'no request reached the server');
  });

  it('connects to the same name when 127.0.0.0/8 is allow-listed', async () => {
    const result = await make({ allowCidrs: ['127.0.0.0/8'] }).post(`http://hooks.example.test:${target.port}/hook`, {}, '{}');
    assert.equal(result.statusCode, 200, JSON.stringify(result));
    assert.equal(target.hits.at(-1)?.path, '/hook');
  });

  it('refuses a name resolving to an IPv4-mapped IPv6 loopback address', async () => {
    const result = await make().post(`http://mapped.example.test:${target.port}/hook`, {}, '{}');
    assert.equal(result.error, 'blocked');
    assert.match(result.errorDetail ?? '', /loopback/);
  });

  it('refuses a name when any one of its addresses is internal (the socket may pick it)', async () => {
    const result = await make().post(`http://mixed.example.test:${target.port}/hook`, {}, '{}');
    assert.equal(result.error, 'blocked');
  });

  it('refuses the cloud metadata address even with private ranges allow-listed', async () => {
    const result = await make({ allowCidrs: ['10.0.0.0/8', '127.0.0.0/8'] }).post('http://metadata.example.test/latest/meta-data', {}, '');
    assert.equal(result.error, 'blocked');
    assert.match(result.errorDetail ?? '', /cloudMetadata/);
  });

  it('refuses literal loopback addresses in every spelling unless allow-listed', async () => {
    for (const host of ['127.0.0.1', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '0x7f.1', '[::1]']) {
      const result = await make().post(`http://${host}:${target.port}/hook`, {}, '{}');
      assert.equal(result.error, 'blocked', host);
    }
    const mapped = await make({ allowCidrs: ['127.0.0.0/8'] }).post(`http://[::ffff:127.0.0.1]:${target.port}/hook`, {}, '{}');
    assert.equal(mapped.statusCode, 200, `an IPv4 allow-list entry covers the IPv4-mapped form: ${JSON.stringify(mapped)}`);
  });

  it('refuses localhost by name without asking DNS', async () => {
    const result = await make({ resolve: () => Promise.reject(new Error('DNS must not be asked')) }).post(`http://localhost:${target.port}/`, {}, '');
    assert.equal(result.error, 'blocked');
  });

  it('sends the path and query of the URL as given, to each of two URLs on one origin', async () => {
    const client = make({ allowCidrs: ['127.0.0.0/8'] });
    for (const path of ['/hooks/a?token=x%20y&b=2', '/hooks/b', '/hooks/a?token=x%20y&b=2']) {
      const result = await client.post(`http://127.0.0.1:${target.port}${path}`, {}, '{}');
      assert.equal(result.statusCode, 200);
      assert.equal(target.hits.at(-1)?.path, path);
    }
  });

  it('does not follow a redirect: the 302 is the answer and its target is never contacted', async () => {
    const before = target.hits.length;
    const result = await make({ allowCidrs: ['127.0.0.0/8'] }).post(`http://127.0.0.1:${redirector.port}/hook`, {}, '{}');
    assert.equal(result.statusCode, 302);
    assert.equal(result.headers['location'], `http://127.0.0.1:${target.port}/stolen`);
    assert.equal(target.hits.length, before, 'the redirect target got nothing');
  });

  it('ends a request that hangs at the request timeout, as a timeout', async () => {
    const started = Date.now();
    const result = await make({ allowCidrs: ['127.0.0.0/8'], requestTimeoutMs: 300 }).post(`http://127.0.0.1:${hang.port}/`, {}, '{}');
    assert.equal(result.error, 'timeout', JSON.stringify(result));
    assert.ok(Date.now() - started >= 290);
  });

  it('keeps the status, the headers and the first KiB of a large body (the rest read and dropped), or as many bytes as asked', async () => {
    const client = make({ allowCidrs: ['127.0.0.0/8'] });
    const result = await client.post(`http://127.0.0.1:${large.port}/`, {}, '{}');
    assert.equal(result.statusCode, 500);
    assert.equal(result.headers['x-reason'], 'overloaded');
    assert.equal(Buffer.byteLength(result.bodyExcerpt), 1_024, 'the default excerpt is 1 KiB');
    assert.equal(result.bodyExcerpt, 'é'.repeat(512));
    const short = await client.post(`http://127.0.0.1:${large.port}/`, {}, '{}', { maxResponseBytes: 10 });
    assert.equal(short.bodyExcerpt, 'é'.repeat(5));
  });

  it('answers with the final response after informational ones (103 Early Hints), not with the 1xx', async () => {
    const hints = await server((_req, res) => {
      res.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' });
      res.writeHead(201, { 'x-final': 'yes' }).end('created');
    });
    try {
      const result = await make({ allowCidrs: ['127.0.0.0/8'] }).post(`http://127.0.0.1:${hints.port}/`, {}, '{}');
      assert.equal(result.statusCode, 201, JSON.stringify(result));
      assert.equal(result.headers['x-final'], 'yes');
      assert.equal(result.headers['link'], undefined, 'the early hint is not the answer');
      assert.equal(result.bodyExcerpt, 'created');
    } finally {
      hints.server.closeAllConnections();
      await new Promise((r) => hints.server.close(r));
    }
  });

  it('ends a response whose body stalls after the headers at the request timeout, as a timeout', async () => {
    const started = Date.now();
    const result = await make({ allowCidrs: ['127.0.0.0/8'], requestTimeoutMs: 300 }).post(`http://127.0.0.1:${stall.port}/`, {}, '{}');
    assert.equal(result.error, 'timeout', JSON.stringify(result));
    assert.ok(Date.now() - started >= 290 && Date.now() - started < 2_000, `${Date.now() - started} ms`);
  });

  it('ends a response whose body keeps dripping (never idle for a whole timeout) at the request timeout, as a timeout', async () => {
    const started = Date.now();
    const result = await make({ allowCidrs: ['127.0.0.0/8'], requestTimeoutMs: 400 }).post(`http://127.0.0.1:${drip.port}/`, {}, '{}');
    assert.equal(result.error, 'timeout', JSON.stringify(result));
    const took = Date.now() - started;
    assert.ok(took >= 390 && took < 1_500, `ended at the 400 ms timeout, not later: ${took} ms`);
  });

  it('refuses plain http:// to a public address, by literal or by name, unless the allow-list holds it (seed 001: HTTPS only)', async () => {
    for (const url of ['http://93.184.216.34/hook', 'http://public.example.test/hook']) {
      const result = await make({ allowCidrs: ['127.0.0.0/8'] }).post(url, {}, '{}');
      assert.equal(result.error, 'blocked', url);
      assert.match(result.errorDetail ?? '', /outside DISPATCH_ALLOW_CIDRS; .*use https/, url);
    }
  });

  it('a request timeout of the receiver\'s own ends the request before the client\'s', async () => {
    const started = Date.now();
    const result = await make({ allowCidrs: ['127.0.0.0/8'], requestTimeoutMs: 10_000 }).post(`http://127.0.0.1:${hang.port}/`, {}, '{}', { timeoutMs: 300 });
    assert.equal(result.error, 'timeout', JSON.stringify(result));
    assert.ok(Date.now() - started < 2_000, 'ended at 300 ms, not 10 s');
  });

  it('reports an unknown name as a network error (retryable), not as blocked', async () => {
    const result = await make().post('http://nowhere.example.test/', {}, '');
    assert.equal(result.error, 'network');
  });
});
