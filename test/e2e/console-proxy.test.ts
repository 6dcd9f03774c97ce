import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { alertmanagerIntegrationYaml, alertmanagerWebhook, postJson } from '../support/alerts.js';
import { launchBrowser, NO_BROWSER } from '../support/browser.js';
import { HeraldStack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

/*
 * The console behind an authenticating proxy: the proxy (here a few lines of node:http standing
 * in for oauth2-proxy) signs the person in and passes their name in X-Forwarded-User; the console
 * asks for no token, and what the person does is recorded under the proxy's name for them.
 */
const KEY = 'e2e-console-proxy-am-key-001';
const USER = 'carol@example.com';

describe('the console behind an authenticating proxy', { skip: NO_BROWSER }, () => {
  let stack: HeraldStack;
  let proxy: Server;
  let proxyUrl = '';
  let browser: Browser;

  before(async () => {
    stack = await HeraldStack.start({
      services: ['ingestion', 'incidents', 'dispatch', 'gateway'],
      env: { HERALD_ADMIN_TOKEN: 'e2e-console-proxy-admin-01', HERALD_TRUSTED_USER_HEADER: 'X-Forwarded-User', HERALD_TRUSTED_USER_ROLE: 'responder', HERALD_TRUSTED_PROXIES: '127.0.0.1/32' },
      config: alertmanagerIntegrationYaml('proxy-am', KEY),
    });
    const gateway = new URL(stack.url('gateway'));
    proxy = createServer((incoming, outgoing) => {
      const forwarded = request(
        { host: gateway.hostname, port: gateway.port, path: incoming.url, method: incoming.method, headers: { ...incoming.headers, 'x-forwarded-user': USER } },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      incoming.pipe(forwarded);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const sent = await postJson(stack.url('gateway', '/v1/webhooks/proxy-am'), alertmanagerWebhook([{ labels: { alertname: 'ProxyTest', severity: 'critical' }, summary: 'Seen through the proxy' }]), {
      authorization: `Bearer ${KEY}`,
    });
    assert.equal(sent.status, 202);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    proxy?.closeAllConnections();
    await new Promise((resolve) => proxy?.close(resolve));
    await stack?.stop();
    await stack?.cleanup();
  });

  it('needs no token, and records actions under the proxy’s user', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    await waitFor(async () => {
      await page.goto(`${proxyUrl}/incidents`);
      return (await page.getByRole('link', { name: 'Seen through the proxy' }).count()) > 0;
    }, 'the incident in the console', 20_000, 500);
    assert.equal(await page.getByLabel('Token', { exact: true }).count(), 0, 'no sign-in page');
    await page.getByRole('link', { name: 'Seen through the proxy' }).click();
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByText(`Acknowledged by ${USER}`).waitFor();
  });
});
