import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { api, canonicalAlert, IncidentsDriver } from '../support/incidents.js';
import { HeraldStack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

const TOKEN = 'e2e-incidents-admin-token-0001';
const KEYS = 100;
const ALERTS = 1_000;
const PER_MESSAGE = 10;

interface Page {
  items: Array<{ id: string; dedupKey: string; alertCount: number }>;
  nextCursor: string | null;
}

/*
 * The incidents service alone, fed canonical alerts straight into ALERTS (as ingestion
 * would publish them: many to a message, here ten) and SIGKILLed twice while it works
 * through them.
 */
describe('incidents: 1,000 alerts over 100 dedup keys with the service SIGKILLed twice', () => {
  let stack: HeraldStack;
  let driver: IncidentsDriver;
  let db: pg.Client;

  before(async () => {
    stack = await HeraldStack.start({
      config: 'integrations: []\n',
      services: ['incidents'],
      env: { HERALD_ADMIN_TOKEN: TOKEN },
      // The default ack wait (4 s, kept alive while held): what the killed process had pulled comes back in seconds.
      serviceEnv: { incidents: { INCIDENTS_BATCH_SIZE: '50' } },
    });
    driver = await IncidentsDriver.connect(stack.namespace);
    db = await stack.schemaClient('incidents');
  });

  after(async () => {
    await db?.end();
    await driver?.close();
    await stack?.stop();
    await stack?.cleanup();
  });

  const counted = async (): Promise<number> => Number((await db.query('SELECT coalesce(sum(alert_count), 0)::int AS n FROM incidents')).rows[0].n);

  /** SIGKILLs the service as soon as it has committed more than `beyond` alerts. */
  async function killMidStream(beyond: number): Promise<number> {
    await waitFor(async () => (await counted()) > beyond, `progress beyond ${beyond} alerts`, 30_000, 5);
    await stack.kill('incidents');
    return counted();
  }

  it('ends with exactly 100 incidents, every alert counted, and no event twice on INCIDENTS', async (t) => {
    const alerts = Array.from({ length: ALERTS }, (_, i) =>
      canonicalAlert({ dedupKey: `crash-${i % KEYS}`, summary: `alert ${i}`, labels: { alertname: 'Crash', seq: String(i) } }),
    );

    // Timings go to the diagnostics: a slow machine shows where the time went.
    const started = Date.now();
    const mark = (what: string): void => t.diagnostic(`${Date.now() - started} ms: ${what}`);
    await driver.publishChunked(alerts.slice(0, 400), PER_MESSAGE);
    const atFirstKill = await killMidStream(0);
    mark(`SIGKILL with ${atFirstKill} alerts committed`);
    await driver.publishChunked(alerts.slice(400, 700), PER_MESSAGE);
    await stack.startService('incidents');
    mark('restarted');
    const atSecondKill = await killMidStream(atFirstKill);
    mark(`SIGKILL with ${atSecondKill} alerts committed`);
    await driver.publishChunked(alerts.slice(700), PER_MESSAGE);
    await stack.startService('incidents');
    const restarted = Date.now();
    mark('restarted');

    assert.ok(atFirstKill < 400 || atSecondKill < 700, 'a SIGKILL landed while published alerts were still unprocessed');

    await waitFor(async () => (await counted()) >= ALERTS, 'all alerts to be counted', 40_000, 20);
    mark('all alerts counted');
    // The stall: what the killed process held waits out the ack wait (4 s), not 30 s.
    const stall = Date.now() - restarted;
    assert.ok(stall < 5_000, `every alert counted ${stall} ms after the restart (what the killed process held came back within the ack wait)`);

    // Through the API: exactly 100 incidents whose counts add up to every alert.
    const items: Page['items'] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: Page } = await api<Page>(
        stack.url('incidents', `/v1/incidents?limit=30${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
        TOKEN,
      );
      assert.equal(page.status, 200);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.equal(items.length, KEYS, 'exactly one incident per dedup key');
    assert.equal(new Set(items.map((i) => i.dedupKey)).size, KEYS);
    assert.equal(
      items.reduce((sum, i) => sum + i.alertCount, 0),
      ALERTS,
      'every alert accounted for',
    );
    const { rows } = await db.query('SELECT (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM inbox)::int AS inbox');
    assert.deepEqual(rows[0], { events: ALERTS, inbox: ALERTS }, '100 IncidentTriggered + 900 AlertDeduplicated; each alert consumed once');

    // On the stream: every stored event exactly once, each incident's in version order.
    const stored = new Set((await db.query('SELECT id::text FROM events')).rows.map((r: { id: string }) => r.id));
    await waitFor(async () => (await driver.incidentEventCount()) >= stored.size, 'the relay to publish every event', 30_000, 100);
    mark('every event relayed');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const streamed = await driver.incidentEvents();
    const ids = streamed.map((e) => e.message.event.id);
    assert.equal(new Set(ids).size, ids.length, 'no event id twice on INCIDENTS');
    assert.equal(ids.length, stored.size);
    assert.ok(ids.every((id) => stored.has(id)), 'only stored events are published');
    assert.ok(streamed.every((e) => e.msgId === e.runId), 'Nats-Msg-Id is the run\'s id (a lone event\'s own id)');
    const versions = new Map<string, number>();
    for (const { message } of streamed) {
      const { incidentId, version } = message.event;
      assert.equal(version, (versions.get(incidentId) ?? 0) + 1, `incident ${incidentId} published in version order`);
      versions.set(incidentId, version);
    }
  });
});
