import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { headers as natsHeaders } from '@nats-io/transport-node';
import type pg from 'pg';
import { cloudEventHeaders, HEADERS, type CanonicalAlerts } from '@herald/contracts';
import { alertmanagerWebhook, postJson } from '../support/alerts.js';
import { canonicalAlert, IncidentsDriver } from '../support/incidents.js';
import { HeraldStack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

const KEY = 'e2e-alert-batches-key-aaaaaaaa';
const ALERTS = 250;

/*
 * Ingestion and incidents running for real: the alerts of one request travel on ALERTS as a
 * few messages (a hundred alerts each at most), each still its own incident, and deduplicated
 * per alert: a retried request adds nothing, an old single-alert message is still read, and a
 * bad alert fails alone, not its neighbours.
 */
describe('ALERTS carries the alerts of a request in a few messages', () => {
  let stack: HeraldStack;
  let driver: IncidentsDriver;
  let db: pg.Client;

  before(async () => {
    stack = await HeraldStack.start({
      services: ['ingestion', 'incidents'],
      config: `
integrations:
  - { id: batches, name: Batches, source: alertmanager, key: ${KEY} }
`,
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

  const alertsStream = (): string => driver.topology.stream('ALERTS');
  const lastSeq = async (): Promise<number> => (await driver.connection.jsm.streams.info(alertsStream())).state.last_seq;
  const count = async (sql: string): Promise<number> => Number((await db.query(sql)).rows[0].n);
  const incidentsLike = (prefix: string): Promise<number> => count(`SELECT count(*)::int AS n FROM incidents WHERE dedup_key LIKE '${prefix}%'`);

  it('one POST of 250 alerts: 3 messages, 250 incidents; the same POST retried adds nothing', async () => {
    const body = alertmanagerWebhook(Array.from({ length: ALERTS }, (_, i) => ({ labels: { alertname: `Batch${i}` }, summary: `batch alert ${i}`, fingerprint: `batch-${i}` })));
    const headers = { authorization: `Bearer ${KEY}`, 'idempotency-key': 'batch-request-0001' };
    const before = await lastSeq();
    const first = await postJson(stack.url('ingestion', '/v1/webhooks/batches'), body, headers);
    assert.equal(first.status, 202, JSON.stringify(first.body));
    const after = await lastSeq();
    assert.equal(after - before, 3, 'a hundred alerts a message at most: 100 + 100 + 50');
    const sizes: number[] = [];
    for (let seq = before + 1; seq <= after; seq += 1) {
      const m = await driver.connection.jsm.streams.getMessage(alertsStream(), { seq });
      assert.equal(driver.topology.localSubject(m!.subject), 'alerts.normalised.alertmanager');
      sizes.push(m!.json<CanonicalAlerts>().alerts.length);
    }
    assert.deepEqual(sizes, [100, 100, 50]);

    await waitFor(async () => (await count('SELECT count(*)::int AS n FROM inbox')) >= ALERTS, `${ALERTS} alerts consumed`, 30_000, 100);
    const figures = async () => [await count('SELECT count(*)::int AS n FROM inbox'), await count('SELECT coalesce(sum(alert_count), 0)::int AS n FROM incidents'), await count('SELECT count(*)::int AS n FROM incidents')];
    assert.deepEqual(await figures(), [ALERTS, ALERTS, ALERTS], 'each alert consumed once, its own incident');

    const retry = await postJson(stack.url('ingestion', '/v1/webhooks/batches'), body, headers);
    assert.equal(retry.status, 202);
    assert.deepEqual([(retry.body as { id: string; duplicate: boolean }).id, (retry.body as { duplicate: boolean }).duplicate], [(first.body as { id: string }).id, true]);
    assert.equal(await lastSeq(), after, 'the retry published the same messages, absorbed by JetStream');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.deepEqual(await figures(), [ALERTS, ALERTS, ALERTS], 'the retry changed nothing');
  });

  it('reads a single canonical alert left in ALERTS by an earlier version', async () => {
    const alert = canonicalAlert({ dedupKey: 'legacy-single-1', summary: 'published one to a message' });
    const h = natsHeaders();
    const ce = cloudEventHeaders({ id: alert.id, type: 'io.herald.alert.normalised.v1', source: '/herald/ingestion', time: new Date().toISOString() });
    for (const [name, value] of Object.entries(ce)) h.set(name, value);
    await driver.connection.js.publish(driver.topology.subject(`alerts.normalised.${alert.source}`), JSON.stringify(alert), { msgID: alert.id, headers: h });
    await waitFor(async () => (await incidentsLike('legacy-single-1')) === 1, 'the old message to become an incident', 20_000, 100);
    const inbox = await count(`SELECT count(*)::int AS n FROM inbox WHERE message_id = '${alert.id}'`);
    assert.equal(inbox, 1, 'deduplicated by the alert id, as the new messages are');
  });

  it('records the neighbours of an alert PostgreSQL cannot store, and dead-letters the message naming that alert', async () => {
    const good1 = canonicalAlert({ dedupKey: 'isolated-good-1' });
    // A NUL character passes the contract (ingestion refuses it at the door) but no text column takes it.
    const bad = canonicalAlert({ dedupKey: 'isolated-bad', summary: 'nul \u0000 here' });
    const good2 = canonicalAlert({ dedupKey: 'isolated-good-2' });
    assert.equal(await driver.publishChunked([good1, bad, good2]), 1, 'one message');
    const dlq = driver.topology.stream('DLQ');
    await waitFor(
      async () => (await driver.connection.jsm.streams.info(dlq)).state.messages >= 1,
      'the message to be dead-lettered',
      20_000,
      100,
    );
    const dead = await driver.connection.jsm.streams.getMessage(dlq, { last_by_subj: driver.topology.deadLetterSubject('incidents') });
    assert.match(dead!.header.get(HEADERS.deadReason), new RegExp(`^[^:]+: 1 of 3 alerts failed, the others are recorded; alert ${bad.id}: `));
    assert.equal(dead!.json<CanonicalAlerts>().alerts.length, 3, 'the copy holds the whole message');
    assert.equal(await incidentsLike('isolated-good-'), 2, 'the neighbours are incidents');
    assert.equal(await incidentsLike('isolated-bad'), 0);
  });
});
