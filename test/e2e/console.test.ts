import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { alertmanagerIntegrationYaml, alertmanagerWebhook, postJson } from '../support/alerts.js';
import { launchBrowser, NO_BROWSER } from '../support/browser.js';
import { TestReceiver } from '../support/receiver.js';
import { HeraldStack, ROOT } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

/*
 * The console in Debian's Chromium against the running services behind the gateway: each
 * page, driven as a person would. HERALD_CONSOLE_SCREENSHOTS=1 writes the screenshots in
 * docs/console/ (otherwise they go to a scratch folder).
 */
const TOKEN = 'e2e-console-admin-token-01';
const KEY = 'e2e-console-am-key-0000001';
const SHOTS = process.env.HERALD_CONSOLE_SCREENSHOTS ? join(ROOT, 'docs', 'console') : join(ROOT, 'test', 'dist', 'console-screenshots');

describe('the console in a browser', { skip: NO_BROWSER }, () => {
  let stack: HeraldStack;
  let browser: Browser;
  let page: Page;
  const ok = new TestReceiver();
  const failing = new TestReceiver(() => ({ status: 500 }));
  const incidentIds = new Map<string, string>();

  const url = (path: string): string => stack.url('gateway', path);
  const auth = { authorization: `Bearer ${TOKEN}` };
  const send = async (alertname: string, labels: Record<string, string>): Promise<string> => {
    const sent = await postJson(url('/v1/webhooks/console-am'), alertmanagerWebhook([{ labels: { alertname, ...labels }, summary: `${alertname} on ${labels.instance ?? 'host'}` }]), {
      authorization: `Bearer ${KEY}`,
    });
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    let id = '';
    await waitFor(async () => {
      const page = (await (await fetch(url(`/v1/incidents?text=${encodeURIComponent(alertname)}`), { headers: auth })).json()) as { items: Array<{ id: string }> };
      id = page.items[0]?.id ?? '';
      return id !== '';
    }, `the ${alertname} incident`);
    incidentIds.set(alertname, id);
    return id;
  };
  const shot = async (name: string): Promise<void> => {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  };

  before(async () => {
    await ok.start();
    await failing.start();
    stack = await HeraldStack.start({
      services: ['ingestion', 'incidents', 'dispatch', 'analytics', 'gateway'],
      // A high circuit threshold: the replay below must be attempted now, not after a cool-down.
      env: { HERALD_ADMIN_TOKEN: TOKEN, DISPATCH_ALLOW_CIDRS: '127.0.0.0/8', DISPATCH_CIRCUIT_FAILURE_THRESHOLD: '100' },
      config: `${alertmanagerIntegrationYaml('console-am', KEY)}dispatch:
  receivers:
    - id: ops
      name: Ops webhook
      channel: webhook
      settings: { url: "${ok.url('/hook')}" }
    - id: db-pager
      name: Database pager
      channel: webhook
      settings: { url: "${failing.url('/hook')}" }
      retry: { maxAttempts: 1 }
  route:
    receiver: ops
    routes:
      - matchers: ['team="db"']
        receiver: db-pager
        continue: true
      - matchers: ['severity="critical"']
        receiver: ops
  maintenanceWindows:
    - id: saturday-upgrades
      matchers: ['env="staging"']
      startsAt: "2026-01-03T02:00:00Z"
      endsAt: "2026-01-03T04:00:00Z"
`,
    });
    await send('DiskFull', { instance: 'db-1', severity: 'critical', team: 'db' });
    await send('CpuHigh', { instance: 'web-1', severity: 'warning', team: 'web' });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(10_000);
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
    await stack?.cleanup();
    await ok.stop();
    await failing.stop();
  });

  it('asks for a token, refuses a wrong one, and signs in with the right one', async () => {
    await page.goto(url('/incidents'));
    await page.getByLabel('Token', { exact: true }).fill('not-the-token-at-all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That token was refused.').waitFor();
    await shot('sign-in');
    await page.getByLabel('Token', { exact: true }).fill(TOKEN);
    await page.getByLabel(/Your name/).fill('Ana Responder');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'DiskFull on db-1' }).waitFor();
  });

  it('lists incidents with filters, and shows a new incident without reloading', async () => {
    await page.getByRole('link', { name: 'CpuHigh on web-1' }).waitFor();
    await page.getByLabel('severity').selectOption('warning');
    await page.getByRole('link', { name: 'DiskFull on db-1' }).waitFor({ state: 'detached' });
    assert.equal(await page.getByRole('link', { name: 'CpuHigh on web-1' }).count(), 1);
    await page.getByLabel('severity').selectOption('');
    await page.getByLabel('service').fill('nothing-is-called-this');
    await page.getByText('No incidents match.').waitFor();
    await page.getByLabel('service').fill('');
    const memoryLow = await send('MemoryLow', { instance: 'cache-1', severity: 'error' });
    await page.getByRole('link', { name: 'MemoryLow on cache-1' }).waitFor({ timeout: 10_000 });
    // A change made elsewhere (here, the API) shows in the list without a reload too.
    const row = page.locator(`tr[data-incident="${memoryLow}"]`);
    assert.equal(await row.getByText('triggered').count(), 1);
    const acked = await postJson(url(`/v1/incidents/${memoryLow}/acknowledge`), { by: 'api user' }, auth);
    assert.equal(acked.status, 200, JSON.stringify(acked.body));
    await row.getByText('acknowledged').waitFor({ timeout: 10_000 });
    await shot('incidents');
  });

  it('shows an incident at the link notifications carry: labels, annotations, timeline, notifications with attempts', async () => {
    const id = incidentIds.get('DiskFull')!;
    await waitFor(() => ok.requests.some((r) => r.body.includes(id)), 'the DiskFull notification');
    await page.goto(url(`/incidents/${id}`));
    await page.getByRole('heading', { name: 'DiskFull on db-1' }).waitFor();
    await page.getByText('db-1', { exact: true }).first().waitFor();
    await page.locator('[data-event="IncidentTriggered"]').waitFor();
    const delivered = page.locator('tr[data-delivery]', { hasText: 'ops' }).first();
    await delivered.getByText('delivered').waitFor({ timeout: 10_000 });
    await delivered.getByRole('button', { name: 'attempts' }).click();
    await page.getByText(/#1 delivered/).waitFor();
    await page.locator('tr[data-delivery]', { hasText: 'db-pager' }).first().getByText(/dead|failed/).waitFor({ timeout: 10_000 });
  });

  it('acknowledges, notes and resolves as the signed-in person', async () => {
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByText('Acknowledged by Ana Responder').waitFor();
    await page.getByPlaceholder('Add a note').fill('swapping the disk');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByText('Note by Ana Responder: swapping the disk').waitFor();
    await shot('incident');
    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.getByText('Resolved by Ana Responder').waitFor();
    const stored = (await (await fetch(url(`/v1/incidents/${incidentIds.get('DiskFull')!}`), { headers: auth })).json()) as { incident: { status: string } };
    assert.equal(stored.incident.status, 'resolved');
  });

  it('creates a silence from an incident’s labels with a preview of what it mutes, then expires it', async () => {
    await page.goto(url(`/incidents/${incidentIds.get('CpuHigh')!}`));
    await page.getByRole('link', { name: 'Silence…' }).click();
    const matchers = page.getByLabel('Matchers', { exact: true });
    await matchers.waitFor();
    assert.match(await matchers.inputValue(), /alertname="CpuHigh"/);
    const form = page.locator('form', { has: matchers });
    await form.locator('[data-preview-count="1"]').waitFor();
    await matchers.fill('team="web"');
    await form.locator('[data-preview-count="1"]').getByText('CpuHigh on web-1').waitFor();
    await page.getByLabel('Comment').fill('web deploy');
    await page.getByRole('button', { name: 'Create silence' }).click();
    const row = page.locator('tr[data-silence]', { hasText: 'web deploy' });
    await row.getByText('active').waitFor();
    await page.locator('tr[data-window="saturday-upgrades"]').waitFor();
    await row.getByRole('button', { name: 'Expire' }).click();
    await row.waitFor({ state: 'detached' });
    const silences = (await (await fetch(url('/v1/silences'), { headers: auth })).json()) as { items: Array<{ comment: string; state: string }> };
    assert.deepEqual(silences.items.map((s) => [s.comment, s.state]), [['web deploy', 'expired']]);
  });

  it('starts a maintenance window from an incident’s labels with a preview of what it mutes, then ends it', async () => {
    await page.goto(url(`/incidents/${incidentIds.get('CpuHigh')!}`));
    await page.getByRole('link', { name: 'Silence…' }).click();
    const matchers = page.getByLabel('Window matchers');
    await matchers.waitFor();
    assert.match(await matchers.inputValue(), /alertname="CpuHigh"/, 'the window starts from the incident’s labels');
    await matchers.fill('team="web"');
    await page.getByLabel('Window name').fill('Web deploy window');
    await page.locator('form', { has: matchers }).locator('[data-preview-count="1"]').getByText('CpuHigh on web-1').waitFor();
    await page.getByRole('button', { name: 'Start maintenance window' }).click();
    const row = page.locator('tr[data-window="web-deploy-window"]');
    await row.getByText('active').waitFor();
    const windows = async () => ((await (await fetch(url('/v1/maintenance-windows'), { headers: auth })).json()) as { items: Array<{ id: string; matchers: string[]; active: boolean; endsAt: string }> }).items;
    const created = (await windows()).find((w) => w.id === 'web-deploy-window');
    assert.deepEqual([created?.matchers, created?.active], [['team="web"'], true]);
    await page.getByLabel('show expired').check();
    await page.locator('tr[data-silence]', { hasText: 'web deploy' }).getByText('expired').waitFor();
    await shot('silences');
    await row.getByRole('button', { name: 'End' }).click();
    await row.getByText('ended').waitFor();
    const ended = (await windows()).find((w) => w.id === 'web-deploy-window');
    assert.equal(ended?.active, false);
    assert.ok(Date.parse(ended?.endsAt ?? '') <= Date.now(), 'its end moved to now');
  });

  it('shows receiver health and recent deliveries; tests, pauses, resumes, replays and retries', async () => {
    await page.goto(url('/receivers'));
    await page.locator('tr[data-receiver="ops"]').getByText('healthy').waitFor();
    await page.locator('tr[data-receiver="db-pager"]').getByText(/failing|circuit|disabled/).waitFor();
    await shot('receivers');
    await page.getByRole('link', { name: 'Database pager' }).click();
    const failedRow = page.locator('tr[data-delivery]', { hasText: /dead|failed/ }).first();
    const before = failing.requests.length;
    await failedRow.getByRole('button', { name: 'Replay' }).click();
    const replayed = (await page.getByText(/replayed as/).textContent())?.replace('replayed as ', '') ?? '';
    await waitFor(() => failing.requests.length > before, 'the replayed delivery to reach the receiver').catch(async (error: Error) => {
      const detail = await (await fetch(url(`/v1/deliveries/${encodeURIComponent(replayed)}`), { headers: auth })).text();
      throw new Error(`${error.message}; the replay: ${detail}`);
    });
    await page.getByRole('button', { name: 'Retry failed' }).click();
    await page.getByText(/^retry:/).waitFor();
    await page.getByText('declared in herald.yaml: pause it there').waitFor();
    // Receivers created through the API can be paused from the console.
    const created = await postJson(url('/v1/receivers'), { id: 'chat-ops', name: 'Chat ops', channel: 'webhook', settings: { url: ok.url('/chat') } }, auth);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await page.goto(url('/receivers/chat-ops'));
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    const paused = (await (await fetch(url('/v1/receivers/chat-ops'), { headers: auth })).json()) as { paused: boolean; enabled: boolean };
    assert.ok(paused.paused || !paused.enabled, 'paused in dispatch');
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    // Who did it is recorded, and the receiver's page shows it.
    await page.locator('table.action-log tr[data-action="POST /v1/receivers/chat-ops/resume"][data-actor="admin"]').waitFor();
    await page.locator('table.action-log tr[data-action="POST /v1/receivers/chat-ops/pause"]').waitFor();
    await page.goto(url('/receivers/ops'));
    const tests = ok.requests.length;
    await page.getByRole('button', { name: 'Send test' }).click();
    await page.getByText('test: delivered').waitFor();
    assert.ok(ok.requests.length > tests, 'the test notification arrived');
  });

  it('shows who did what: every action taken above, with the acting identity', async () => {
    await page.goto(url('/activity'));
    for (const done of ['POST /v1/receivers/ops/test', 'POST /v1/receivers/db-pager/deliveries/retry', 'POST /v1/receivers/chat-ops/pause', 'POST /v1/maintenance-windows', 'POST /v1/silences']) {
      await page.locator(`tr[data-action="${done}"][data-actor="admin"]`).first().waitFor();
    }
    await page.locator('tr[data-action^="POST /v1/deliveries/"][data-action$="/replay"][data-actor="admin"]').first().waitFor();
    await page.locator(`tr[data-action="POST /v1/incidents/${incidentIds.get('DiskFull')!}/acknowledge"]`).getByText('incidents', { exact: true }).waitFor();
    await shot('activity');
    await page.getByLabel('under path').fill('/v1/maintenance-windows');
    await page.locator('tr[data-action="POST /v1/silences"]').waitFor({ state: 'detached' });
    assert.equal(await page.locator('tr[data-action="PUT /v1/maintenance-windows/web-deploy-window"]').count(), 1, 'ending the window');
  });

  it('shows the routing tree and answers where an alert would go', async () => {
    await page.goto(url('/routes'));
    await page.locator('[data-route="0"]').getByText('team="db"').waitFor();
    await page.getByLabel('Labels').fill('alertname=DiskFull team=db severity=critical');
    await page.getByRole('button', { name: 'Where would it go?' }).click();
    await page.locator('[data-receivers="db-pager,ops"]').waitFor();
    await shot('routes');
    await page.getByLabel('Labels').fill('alertname=Other severity=info');
    await page.getByRole('button', { name: 'Where would it go?' }).click();
    await page.locator('[data-receivers="ops"]').waitFor();
  });

  it('charts delivery volume, success and latency per receiver', async () => {
    await waitFor(async () => {
      const summary = (await (await fetch(url('/v1/analytics/summary?period=1h'), { headers: auth })).json()) as { totals: { total_events: number } };
      return summary.totals.total_events >= 3;
    }, 'analytics to count the deliveries');
    await page.goto(url('/analytics'));
    await page.locator('figure[data-chart]').first().waitFor();
    assert.equal(await page.locator('figure[data-chart]').count(), 3);
    const total = Number(await page.locator('[data-total-events]').getAttribute('data-total-events'));
    assert.ok(total >= 3, `${total} notifications counted`);
    assert.ok((await page.locator('figure[data-chart="Volume (notifications)"] circle').count()) > 0, 'volume points drawn');
    await page.locator('ul.legend', { hasText: 'db-pager' }).first().waitFor();
    await shot('analytics');
  });
});
