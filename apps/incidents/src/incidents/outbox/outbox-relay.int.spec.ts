import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { IncidentEvents, MESSAGES, STREAM_NAMES, type IncidentEvent, type IncidentEventMessage, type IncidentSnapshot } from '@herald/contracts';
import { JetStreamConnection, provisionStreams, Publisher, removeStreams, Topology } from '@herald/messaging';
import type { Gauge } from 'prom-client';
import { HealthChecks, Registry } from '@herald/observability';
import { schemaName } from '@herald/persistence';
import { withSearchPath } from '../../incidents.module.js';
import type { IncidentCommands } from '../application/incident-commands.js';
import {
  canonicalAlert,
  closeAndDrop,
  commandsOn,
  DATABASE_URL,
  NATS_URL,
  openTestDataSource,
  recordItem,
  silentLogger,
  testNamespace,
  waitFor,
} from '../testing/int-kit.js';
import { OutboxRelay } from './outbox-relay.js';
import { OutboxSignal } from './outbox-signal.js';

// Real PostgreSQL and JetStream. The server's duplicate window is one second, so only the
// relay itself can keep a republished event out of the stream once that second has passed.
const namespace = testNamespace('relay');
const schema = schemaName(namespace, 'incidents');
const settings = { replicas: 1, storage: 'memory' as const, maxAgeSeconds: 600, maxBytes: -1, duplicateWindowSeconds: 1 };

/** One event on the stream: the message (sequence, id) that carries it, among the others of its run. */
interface StreamEntry {
  seq: number;
  msgId: string;
  /** The message id the message's run of events should have (MESSAGES.incidentEvents.id). */
  runId: string;
  event: IncidentEvent;
  message: IncidentEventMessage;
}

describe('outbox relay on a real PostgreSQL and JetStream', () => {
  let ds: DataSource;
  let connection: JetStreamConnection;
  let topology: Topology;
  let publisher: Publisher;
  let commands: IncidentCommands;
  const running: OutboxRelay[] = [];

  before(async () => {
    ds = await openTestDataSource(schema);
    connection = await JetStreamConnection.connect({ url: NATS_URL, name: 'incidents-relay-test', logger: silentLogger });
    topology = new Topology(namespace);
    await provisionStreams(connection.jsm, topology, settings, STREAM_NAMES);
    publisher = new Publisher(connection, topology, '/herald/incidents');
    commands = commandsOn(ds).commands;
  });

  after(async () => {
    for (const relay of running) await relay.beforeApplicationShutdown();
    await removeStreams(connection.jsm, topology, STREAM_NAMES);
    await connection.close();
    await closeAndDrop(schema, ds);
  });

  async function startRelay(signal = new OutboxSignal()): Promise<OutboxRelay> {
    const relay = new OutboxRelay(ds, publisher, connection, topology, withSearchPath(DATABASE_URL, schema), silentLogger, signal, new Registry(), new HealthChecks());
    await relay.onApplicationBootstrap();
    running.push(relay);
    return relay;
  }

  async function stopRelay(relay: OutboxRelay): Promise<void> {
    await relay.beforeApplicationShutdown();
    running.splice(running.indexOf(relay), 1);
  }

  async function streamEntries(): Promise<StreamEntry[]> {
    const stream = topology.stream('INCIDENTS');
    const info = await connection.jsm.streams.info(stream);
    const entries: StreamEntry[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq += 1) {
      const message = await connection.jsm.streams.getMessage(stream, { seq });
      if (!message) continue;
      // Something else may publish on INCIDENTS (see the test of a foreign message): not an event.
      const parsed = IncidentEvents.safeParse(message.json());
      if (!parsed.success) continue;
      const run = parsed.data;
      for (const m of run.events) entries.push({ seq, msgId: message.header.get('Nats-Msg-Id'), runId: MESSAGES.incidentEvents.id(run), event: m.event, message: m });
    }
    return entries;
  }

  const dbEventIds = async (): Promise<string[]> => {
    const rows: Array<{ id: string }> = await ds.query('SELECT id::text FROM events ORDER BY id');
    return rows.map((r) => r.id);
  };

  /** Every stored event exactly once, every incident's events in version order. */
  async function assertExactlyOnceInOrder(): Promise<void> {
    const expected = await dbEventIds();
    await waitFor(async () => (await streamEntries()).length >= expected.length, `${expected.length} messages on INCIDENTS`);
    // One more polling period: anything published twice would show up by now.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const entries = await streamEntries();
    const ids = entries.map((e) => e.event.id);
    assert.equal(new Set(ids).size, ids.length, 'no event id twice on the stream');
    assert.deepEqual([...ids].sort(), expected, 'the stream holds exactly the stored events');
    assert.ok(
      entries.every((e) => e.msgId === e.runId),
      'Nats-Msg-Id is the run\'s id (a lone event\'s own id)',
    );
    const lastVersion = new Map<string, number>();
    for (const { event } of entries) {
      assert.equal(event.version, (lastVersion.get(event.incidentId) ?? 0) + 1, `incident ${event.incidentId} in version order`);
      lastVersion.set(event.incidentId, event.version);
    }
  }

  async function commitAlerts(tag: string, keys: number, perKey: number): Promise<void> {
    const alerts = Array.from({ length: keys * perKey }, (_, i) => canonicalAlert({ dedupKey: `${tag}-${i % keys}` }));
    for (let i = 0; i < alerts.length; i += 25) await commands.executeBatch(alerts.slice(i, i + 25).map(recordItem));
  }

  it('publishes events committed while no relay ran (a crash between commit and publish) exactly once, in order', async () => {
    await commitAlerts('down', 20, 6);
    assert.equal((await streamEntries()).length, 0, 'nothing published yet');
    const relay = await startRelay();
    await assertExactlyOnceInOrder();
    await stopRelay(relay);
  });

  /** The events after the checkpoint, in commit order: what a relay taking over reads. */
  async function unrelayed(): Promise<IncidentEventMessage[]> {
    const rows: Array<{ event: IncidentEvent; snapshot: IncidentSnapshot }> = await ds.query(
      `SELECT event, snapshot FROM events WHERE (transaction_id, position) >
         (SELECT transaction_id, position FROM relay_checkpoint WHERE name = 'incidents') ORDER BY transaction_id, position`,
    );
    return rows.map((row) => ({ event: row.event, incident: row.snapshot }));
  }

  it('doubles nothing when a relay died after publishing but before its checkpoint, even past the duplicate window', async () => {
    await commitAlerts('half', 15, 8);
    const events = await unrelayed();
    assert.equal(events.length, 120);
    // The dead relay had published a commit-order prefix of its batch, in runs cut otherwise than the next leader cuts them, then died.
    for (const [from, to] of [[0, 30], [30, 60], [60, 70]] as const) await publisher.publish('incidentEvents', { events: events.slice(from, to) });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const relay = await startRelay();
    await assertExactlyOnceInOrder();
    await stopRelay(relay);
  });

  it('finds the dead relay\'s last run behind a message something else published on INCIDENTS, and doubles nothing', async () => {
    await commitAlerts('foreign', 10, 4);
    const events = await unrelayed();
    assert.equal(events.length, 40);
    await publisher.publish('incidentEvents', { events: events.slice(0, 25) });
    await connection.js.publish(topology.subject('incidents.events.elsewhere'), JSON.stringify({ hello: 'not an incident event' }));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const relay = await startRelay();
    await assertExactlyOnceInOrder();
    await stopRelay(relay);
  });

  it('doubles nothing after a relay of an earlier version died, which published one event per incident subject', async () => {
    await commitAlerts('legacy', 15, 8);
    const events = await unrelayed();
    assert.equal(events.length, 120);
    // Earlier versions published each event alone on incidents.events.<incidentId> (incidents side by side, each in order).
    for (const message of events.slice(0, 70)) {
      await connection.js.publish(topology.subject(`incidents.events.${message.event.incidentId}`), JSON.stringify(message), { msgID: message.event.id });
    }
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const relay = await startRelay();
    await assertExactlyOnceInOrder();
    await stopRelay(relay);
  });

  it('cuts a run too large for the broker into smaller messages, in order, none lost or doubled', async () => {
    // 30 events of about 80 KB (the annotation in the event and again in the snapshot): 2.4 MB, over the 1 MB max_payload.
    const alerts = Array.from({ length: 30 }, (_, i) => canonicalAlert({ dedupKey: `large-${i}`, annotations: { runbook: 'x'.repeat(40_000) } }));
    await commands.executeBatch(alerts.map(recordItem));
    const before = await streamEntries();
    const relay = await startRelay();
    await assertExactlyOnceInOrder();
    const runs = new Map<number, number>();
    for (const entry of (await streamEntries()).slice(before.length)) runs.set(entry.seq, (runs.get(entry.seq) ?? 0) + 1);
    assert.ok(runs.size > 1, 'more than one message');
    assert.ok([...runs.values()].some((n) => n > 1), `still runs, not one event each: ${[...runs.values()].join(', ')}`);
    await stopRelay(relay);
  });

  it('publishes each event inside the trace, and with the correlation id, of the command that caused it', async () => {
    const traceId = 'ab'.repeat(16);
    const traceparent = `00-${traceId}-${'cd'.repeat(8)}-01`;
    const alert = canonicalAlert({ dedupKey: 'traced' });
    await commands.execute(recordItem(alert).command, { correlationId: 'corr-traced-1', traceparent });
    const relay = await startRelay();
    let seq = 0;
    await waitFor(async () => {
      const entry = (await streamEntries()).find((e) => e.event.type === 'IncidentTriggered' && e.event.data.dedupKey === 'traced');
      seq = entry?.seq ?? 0;
      return entry !== undefined;
    }, 'the traced event');
    const headers = (await connection.jsm.streams.getMessage(topology.stream('INCIDENTS'), { seq }))!.header;
    assert.match(headers.get('traceparent'), new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    assert.notEqual(headers.get('traceparent'), traceparent, 'a child span, not the same one');
    assert.equal(headers.get('x-correlation-id'), 'corr-traced-1');
    await stopRelay(relay);
  });

  it('two relays side by side publish every event once (one leads)', async () => {
    const relays = await Promise.all([startRelay(), startRelay()]);
    await commitAlerts('pair', 10, 10);
    await assertExactlyOnceInOrder();
    for (const relay of relays) await stopRelay(relay);
  });

  /**
   * Commands and a relay sharing one signal, as in the service; `reads` records what each relay
   * pass got from a read made behind a commit (the number of events; undefined: none to take).
   */
  function sharedSignal(): { signal: OutboxSignal; local: IncidentCommands; reads: Array<number | undefined> } {
    const signal = new OutboxSignal();
    const reads: Array<number | undefined> = [];
    const takeRead = signal.takeRead.bind(signal);
    signal.takeRead = (from) => {
      const refs = takeRead(from);
      reads.push(refs?.length);
      return refs;
    };
    return { signal, local: commandsOn(ds, undefined, signal).commands, reads };
  }

  it("publishes from the read its replica's commit made behind the COMMIT, without a read of its own", async () => {
    const { signal, local, reads } = sharedSignal();
    const before = (await streamEntries()).length;
    const relay = await startRelay(signal);
    // Leading, and past its first pass: it knows where it stands, so a commit can read for it.
    await waitFor(() => Promise.resolve(signal.readAfterCommit() !== undefined), 'the relay leads and knows its checkpoint');
    const passesBefore = reads.length;
    const stored = async (): Promise<number> => ((await ds.query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM events'))[0]?.n ?? 0);
    const storedBefore = await stored();
    await local.executeBatch(Array.from({ length: 6 }, (_, n) => recordItem(canonicalAlert({ dedupKey: `behind-${n % 3}` }))));
    const appended = (await stored()) - storedBefore;
    try {
      await waitFor(async () => (await streamEntries()).length >= before + appended, `the ${appended} new events on INCIDENTS`);
      assert.ok(appended > 0);
      assert.deepEqual(reads.slice(passesBefore, passesBefore + 1), [appended], "the relay's next pass took the events the commit read behind its COMMIT");
      await assertExactlyOnceInOrder();
    } finally {
      await stopRelay(relay);
    }
  });

  it('looks again within milliseconds for events an older open transaction hid from the read behind their commit, not at its next poll', async () => {
    const { signal, local, reads } = sharedSignal();
    const before = (await streamEntries()).length;
    const relay = await startRelay(signal);
    // Another service's transaction, begun before the commit and still open: it holds the database's xmin below it.
    const other = new pg.Client({ connectionString: DATABASE_URL });
    await other.connect();
    try {
      await waitFor(() => Promise.resolve(signal.readAfterCommit() !== undefined), 'the relay leads and knows its checkpoint');
      await other.query('BEGIN');
      await other.query('SELECT pg_current_xact_id()');
      const passesBefore = reads.length;
      await local.executeBatch([recordItem(canonicalAlert({ dedupKey: 'hidden-0' }))]);
      await waitFor(() => reads.length > passesBefore, "the relay's pass after the commit");
      assert.equal(reads[passesBefore], 0, 'the read behind the commit could not see its events');
      await new Promise((resolve) => setTimeout(resolve, 100));
      await other.query('COMMIT');
      const released = Date.now();
      await waitFor(async () => (await streamEntries()).length > before, 'the hidden event on INCIDENTS', 5_000);
      // Left to the relay's poll it would have waited about a second from the commit.
      assert.ok(Date.now() - released < 600, `published ${Date.now() - released} ms after the older transaction ended`);
      await assertExactlyOnceInOrder();
    } finally {
      await other.end();
      await stopRelay(relay);
    }
  });

  it('publishes the events this replica committed from memory exactly as the table holds them, and reads the rest back', async () => {
    // The relay and the commands share one signal, as in the service: its commits reach the relay in memory.
    const signal = new OutboxSignal();
    const local = commandsOn(ds, undefined, signal).commands;
    const before = (await streamEntries()).length;
    let fromMemory = 0;
    const take = signal.recent.take.bind(signal.recent);
    signal.recent.take = (id) => {
      const record = take(id);
      if (record) fromMemory += 1;
      return record;
    };
    const relay = await startRelay(signal);
    await waitFor(() => Promise.resolve(!signal.notifyOthers), 'the relay leads');
    const traceparent = `00-${'ef'.repeat(16)}-${'01'.repeat(8)}-01`;
    for (let i = 0; i < 4; i += 1) {
      const alerts = Array.from({ length: 10 }, (_, n) => canonicalAlert({ dedupKey: `memory-${n % 5}` }));
      await local.executeBatch(alerts.map((a) => ({ ...recordItem(a), meta: { ...recordItem(a).meta, correlationId: `corr-memory-${i}`, traceparent } })));
    }
    // Committed through other commands (another replica, say): not in this relay's memory.
    await commitAlerts('elsewhere', 3, 2);
    await assertExactlyOnceInOrder();
    assert.equal(signal.recent.size, 0, 'every remembered event was taken by the relay');

    const stream = topology.stream('INCIDENTS');
    const stored: Array<{ id: string; event: IncidentEvent; snapshot: IncidentSnapshot; alert_received_at: Date | null }> = await ds.query(
      `SELECT id::text, event, snapshot, alert_received_at FROM events ORDER BY transaction_id, position`,
    );
    const entries = (await streamEntries()).slice(before);
    const counted: Array<{ n: number }> = await ds.query(`SELECT count(*)::int AS n FROM events WHERE correlation_id LIKE 'corr-memory-%'`);
    const committedHere = counted[0]?.n ?? 0;
    assert.ok(committedHere > 0);
    assert.equal(fromMemory, committedHere, 'the events committed here were published from memory, none read back');
    for (const entry of entries) {
      const message = (await connection.jsm.streams.getMessage(stream, { seq: entry.seq }))!;
      const published = entry.message;
      const row = stored.find((r) => r.id === entry.event.id)!;
      // JSON key order aside (jsonb sorts keys), what went out is what the table holds.
      assert.deepEqual(published.event, row.event, `event ${row.id}`);
      assert.deepEqual(published.incident, row.snapshot, `snapshot of ${row.id}`);
      assert.equal(published.alertReceivedAt, row.alert_received_at?.toISOString());
      if (published.event.type !== 'IncidentTriggered' || !JSON.stringify(published.event).includes('memory-')) continue;
      assert.match(message.header.get('x-correlation-id'), /^corr-memory-\d$/);
      assert.match(message.header.get('traceparent'), new RegExp(`^00-${'ef'.repeat(16)}-`));
    }
    await stopRelay(relay);
  });

  it('measures its lag as the events committed and not yet relayed', async () => {
    await commitAlerts('lag', 600, 1);
    const [behind] = await ds.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM events WHERE (transaction_id, position) >
         (SELECT transaction_id, position FROM relay_checkpoint WHERE name = 'incidents')`,
    );
    assert.ok(behind!.n > 500, `more than a relay batch behind (${behind!.n})`);
    const registry = new Registry();
    const relay = new OutboxRelay(ds, publisher, connection, topology, withSearchPath(DATABASE_URL, schema), silentLogger, new OutboxSignal(), registry, new HealthChecks());
    // The gauge is read back as the relay sets it: the first measurement follows its first batch of 500.
    const gauge = registry.getSingleMetric('herald_outbox_lag_events') as Gauge;
    const measured: number[] = [];
    const set = gauge.set.bind(gauge);
    gauge.set = ((value: number) => (measured.push(value), set(value))) as typeof gauge.set;
    await relay.onApplicationBootstrap();
    running.push(relay);
    await assertExactlyOnceInOrder();
    assert.equal(measured[0], behind!.n - 500);
    await stopRelay(relay);
  });
});
