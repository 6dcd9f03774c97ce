import assert from 'node:assert/strict';
import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { DeliveryJobs } from '../support/delivery-jobs.js';
import { TestReceiver } from '../support/receiver.js';
import { HeraldStack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

/*
 * The SSRF guard in the running service: receiver URLs that reach loopback — by a host
 * name that resolves to 127.0.0.1, as an IPv4-mapped IPv6 literal, as a plain literal — are
 * refused unless the allow-list covers them, and a redirect is never followed.
 * The host name is this machine's own (/etc/hosts maps it to 127.0.0.1 here): real DNS
 * resolution in the dispatch process, no test hook in the service.
 */

const HOST = hostname();

/** Without an allow-list plain http:// is refused when the file is applied (HTTPS only), so those receivers say https://: the guard refuses the address before any TLS. */
const config = (target: TestReceiver, redirect: TestReceiver, scheme: 'http' | 'https' = 'http'): string => {
  const hook = (id: string, url: string) => `
    - id: ${id}
      name: ${id}
      channel: webhook
      settings: { url: "${url}" }
      retry: { kind: fixed, initialDelayMs: 100, maxDelayMs: 100, maxAttempts: 2, jitter: 0 }`;
  return `
dispatch:
  receivers:${hook('by-name', `${scheme}://${HOST}:${target.port}/by-name`)}${hook('mapped', `${scheme}://[::ffff:127.0.0.1]:${target.port}/mapped`)}${hook(
    'literal',
    `${scheme}://127.0.0.1:${target.port}/literal`,
  )}${hook('redirect', `${scheme}://127.0.0.1:${redirect.port}/redirect`)}
`;
};

describe('dispatch delivery: SSRF guard on the address actually connected to', () => {
  const target = new TestReceiver(() => ({ status: 204 }));
  const redirect = new TestReceiver(() => ({ status: 302, headers: { location: target.url('/stolen') } }));

  before(async () => {
    await target.start();
    await redirect.start();
    const resolved = await lookup(HOST, { all: true });
    assert.ok(
      resolved.some((a) => a.address === '127.0.0.1'),
      `precondition: this machine's name ${HOST} must resolve to 127.0.0.1 (got ${JSON.stringify(resolved)})`,
    );
  });

  after(async () => {
    await target.stop();
    await redirect.stop();
  });

  describe('without an allow-list', () => {
    let stack: HeraldStack;
    let jobs: DeliveryJobs;
    before(async () => {
      stack = await HeraldStack.start({ services: ['dispatch'], config: config(target, redirect, 'https') });
      jobs = await DeliveryJobs.connect(stack);
    });
    after(async () => {
      await jobs?.close();
      await stack?.stop();
      await stack?.cleanup();
    });

    for (const id of ['by-name', 'mapped', 'literal', 'redirect']) {
      it(`${id}: refused before any connection, failed at once (not retried)`, async () => {
        const before = target.requests.length + redirect.requests.length;
        const job = await jobs.send(id);
        await waitFor(async () => (await jobs.delivery(job.id))?.status === 'failed', `${id} to fail`);
        const attempts = await jobs.attempts(job.id);
        assert.equal(attempts.length, 1);
        assert.equal(attempts[0]!.error_class, 'blocked');
        assert.match(attempts[0]!.error_detail ?? '', /loopback|blocked|refused/);
        assert.equal(target.requests.length + redirect.requests.length, before, 'nothing reached a receiver');
      });
    }
  });

  describe('with 127.0.0.0/8 allow-listed', () => {
    let stack: HeraldStack;
    let jobs: DeliveryJobs;
    before(async () => {
      stack = await HeraldStack.start({ services: ['dispatch'], env: { DISPATCH_ALLOW_CIDRS: '127.0.0.0/8' }, config: config(target, redirect) });
      jobs = await DeliveryJobs.connect(stack);
    });
    after(async () => {
      await jobs?.close();
      await stack?.stop();
      await stack?.cleanup();
    });

    for (const id of ['by-name', 'mapped', 'literal']) {
      it(`${id}: delivered`, async () => {
        const job = await jobs.send(id);
        await waitFor(async () => (await jobs.delivery(job.id))?.status === 'delivered', `${id} to be delivered`);
        assert.ok(target.requests.some((r) => r.path === `/${id}` && r.headers['webhook-id'] === job.id));
      });
    }

    it('a 302 is not followed: the redirect target gets nothing and the attempt fails as 3xx', async () => {
      const job = await jobs.send('redirect');
      await waitFor(async () => (await jobs.delivery(job.id))?.status === 'failed', 'the redirect to fail the job');
      assert.equal(redirect.requests.filter((r) => r.headers['webhook-id'] === job.id).length, 1, 'sent once, not retried');
      assert.equal(target.requests.filter((r) => r.path === '/stolen').length, 0, 'the Location was never requested');
      const [attempt] = await jobs.attempts(job.id);
      assert.equal(attempt!.status_code, 302);
      assert.equal(attempt!.status_class, '3xx');
      assert.equal(attempt!.response_headers?.['location'], target.url('/stolen'));
    });
  });
});
