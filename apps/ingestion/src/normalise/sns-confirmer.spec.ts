import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SnsConfirmer } from './sns-confirmer.js';

// The URL check itself is pure and lives with the cloudwatch schema (libs/sources); this is the visit.
describe('SnsConfirmer', () => {
  const visits: string[] = [];
  let server: Server;
  let base: string;

  before(async () => {
    server = createServer((req, res) => {
      visits.push(req.url ?? '');
      if (req.url?.startsWith('/redirect')) res.writeHead(302, { location: '/ok' }).end();
      else res.writeHead(req.url?.startsWith('/ok') ? 200 : 403).end('<ConfirmSubscriptionResponse/>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('confirms by a GET of the URL', async () => {
    const result = await new SnsConfirmer({ enabled: true, timeoutMs: 2_000 }).confirm(`${base}/ok?Action=ConfirmSubscription&Token=t`);
    assert.deepEqual(result, { outcome: 'confirmed' });
    assert.equal(visits.at(-1), '/ok?Action=ConfirmSubscription&Token=t');
  });

  it('reports a refusal, and does not follow redirects', async () => {
    const confirmer = new SnsConfirmer({ enabled: true, timeoutMs: 2_000 });
    assert.deepEqual(await confirmer.confirm(`${base}/forbidden`), { outcome: 'failed', reason: 'SNS answered 403' });
    const before = visits.length;
    assert.equal((await confirmer.confirm(`${base}/redirect`)).outcome, 'failed');
    assert.equal(visits.length, before + 1, 'the redirect target was not visited');
  });

  it('reports an unreachable endpoint as failed', async () => {
    const result = await new SnsConfirmer({ enabled: true, timeoutMs: 500 }).confirm('http://127.0.0.1:1/');
    assert.equal(result.outcome, 'failed');
  });

  it('visits nothing when auto-confirm is off', async () => {
    const before = visits.length;
    assert.deepEqual(await new SnsConfirmer({ enabled: false, timeoutMs: 500 }).confirm(`${base}/ok`), { outcome: 'skipped' });
    assert.equal(visits.length, before);
  });
});
