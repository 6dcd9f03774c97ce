import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { canonicalAlert, IncidentsDriver } from '../support/incidents.js';
import { DATABASE_URL, HeraldStack, metricValue } from '../support/stack.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { sleep, waitFor } from '../support/wait.js';

const ALERTS = 60;
/** The dead-letter limit, shortened by configuration: the old runner would give up after this many failed deliveries. */
const MAX_ATTEMPTS = 3;
const OUTAGE_RETRY_MAX_MS = 400;
const OUTAGE_MS = 12_000;

/*
 * The incidents service reaches PostgreSQL through a TCP proxy this test controls (the shared
 * server stays up for everyone else). Alerts arrive, then the proxy is cut for far longer than
 * the dead-letter limit allows retries: every alert waits the outage out and becomes an
 * incident once the database is back; none is dead-lettered; and everything the service
 * prints meanwhile is JSON, with the per-message failures and those of the background loops
 * (timer scheduler, outbox relay) summarised.
 */
describe('incidents: a PostgreSQL outage longer than the dead-letter limit', () => {
  let stack: HeraldStack;
  let proxy: TcpProxy;
  let driver: IncidentsDriver;
  let db: pg.Client;

  before(async () => {
    const url = new URL(DATABASE_URL);
    proxy = await TcpProxy.start({ host: url.hostname, port: Number(url.port || 5432) });
    stack = await HeraldStack.start({
      config: 'integrations: []\n',
      services: ['incidents'],
      serviceEnv: {
        incidents: {
          DATABASE_URL: proxy.rewrite(DATABASE_URL),
          CONSUMER_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
          CONSUMER_OUTAGE_RETRY_MAX_MS: String(OUTAGE_RETRY_MAX_MS),
          INCIDENTS_BATCH_SIZE: '20',
          // A timer pass four times a second: one warning per failed pass would be ~50 lines.
          INCIDENTS_TIMER_POLL_MS: '250',
          // Everything the service says, so a plain-text line has nowhere to hide.
          LOG_LEVEL: 'info',
        },
      },
    });
    driver = await IncidentsDriver.connect(stack.namespace);
    db = await stack.schemaClient('incidents');
  });

  after(async () => {
    await db?.end();
    await driver?.close();
    await stack?.stop();
    await stack?.cleanup();
    await proxy?.stop();
  });

  const consumed = async (): Promise<number> => Number((await db.query('SELECT count(*)::int AS n FROM inbox')).rows[0].n);
  const dead = async (): Promise<number> => (await driver.connection.jsm.streams.info(driver.topology.stream('DLQ'))).state.messages;

  it('every alert waits the outage out and becomes an incident; nothing dead-lettered; only JSON logged', async (t) => {
    // Warm up: the service works through the proxy.
    await driver.publish([canonicalAlert({ dedupKey: 'outage-warm-up' })]);
    await waitFor(async () => (await consumed()) === 1, 'the warm-up alert');

    stack.capture('incidents');
    await proxy.cut();
    const cutAt = Date.now();
    await driver.publish(Array.from({ length: ALERTS }, (_, i) => canonicalAlert({ dedupKey: `outage-${i % 10}`, summary: `alert ${i}` })));
    await sleep(OUTAGE_MS);

    // Every alert was retried far beyond the old limit while the database was away.
    const retries = metricValue(await stack.metrics('incidents'), 'herald_messages_processed_total', { consumer: 'incidents', outcome: 'retry' });
    t.diagnostic(`${retries} retries during a ${OUTAGE_MS} ms outage`);
    assert.ok(retries >= ALERTS * (MAX_ATTEMPTS + 1), `retried past the old limit: ${retries} retries of ${ALERTS} alerts`);
    assert.equal(await dead(), 0, 'nothing dead-lettered during the outage');

    await proxy.restore();
    const restoredAt = Date.now();
    await waitFor(async () => (await consumed()) === ALERTS + 1, 'every alert to reach an incident after the outage', 30_000, 100);
    t.diagnostic(`resumed ${Date.now() - restoredAt} ms after the database came back (outage ${restoredAt - cutAt} ms)`);
    const { rows } = await db.query("SELECT coalesce(sum(alert_count), 0)::int AS n FROM incidents WHERE dedup_key LIKE '%outage-%' AND dedup_key NOT LIKE '%warm-up'");
    assert.equal(rows[0].n, ALERTS, 'every alert counted in an incident');
    assert.equal(await dead(), 0, 'nothing dead-lettered after it');

    // Logs: JSON lines only, and not one warning per message and retry.
    const lines = stack.captured('incidents').split('\n').filter((l) => l.trim() !== '');
    const plain = lines.filter((l) => {
      try {
        return typeof JSON.parse(l) !== 'object';
      } catch {
        return true;
      }
    });
    assert.deepEqual(plain.slice(0, 5), [], `${plain.length} of ${lines.length} lines are not JSON`);
    t.diagnostic(`${lines.length} log lines for ${retries} failed attempts`);
    assert.ok(lines.length < retries / 4, `failures summarised: ${lines.length} lines for ${retries} failed attempts`);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const perMessage = new Map<string, number>();
    for (const line of parsed) perMessage.set(String(line['msg']), (perMessage.get(String(line['msg'])) ?? 0) + 1);
    t.diagnostic(`messages: ${[...perMessage].map(([msg, n]) => `${n} × ${msg}`).join(' | ')}`);
    assert.ok(parsed.some((l) => typeof l['repeats'] === 'number'), 'a summary of repeated failures was logged');
    // The background loops retry every second or so: summarised too, a few lines each, not one a second.
    const loopLines = (loop: string, messages: readonly string[]): Array<Record<string, unknown>> =>
      parsed.filter((l) => l['loop'] === loop || messages.some((m) => String(l['msg']).startsWith(m)));
    const timer = loopLines('timer-scheduler', ['timer pass failed']);
    const relay = loopLines('outbox-relay', ['outbox relay pass failed', 'outbox listener error', 'could not store the outbox checkpoint']);
    t.diagnostic(`background loops: ${timer.length} timer-scheduler lines, ${relay.length} outbox-relay lines in ${OUTAGE_MS} ms`);
    for (const [loop, lines] of [['timer-scheduler', timer], ['outbox-relay', relay]] as const) {
      assert.ok(lines.some((l) => typeof l['repeats'] === 'number' && l['repeats'] > 0), `${loop}: repeated failures summarised`);
    }
    // Each kind of failure: once in full, then a summary every 10 s (a kind quiet for a period is logged anew).
    assert.ok(timer.length <= 6, `timer-scheduler: ${timer.length} lines in a ${OUTAGE_MS / 1_000} s outage`);
    assert.ok(relay.length <= 10, `outbox-relay: ${relay.length} lines in a ${OUTAGE_MS / 1_000} s outage`);
    assert.ok(!lines.some((l) => l.includes('outage-3')), 'no query parameters (alert contents) in the logs');
  });
});
