import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import { schemaName } from '@herald/persistence';
import { DEFAULT_INCIDENT_POLICY, type IncidentPolicy } from '../domain/index.js';
import {
  canonicalAlert,
  closeAndDrop,
  commandsOn,
  inLanes,
  openTestDataSource,
  recordItem,
  testNamespace,
} from '../testing/int-kit.js';
import type { IncidentCommands } from './incident-commands.js';

// Real PostgreSQL. Two data sources on one schema stand for two replicas of the service.
const schema = schemaName(testNamespace('cmd'), 'incidents');

describe('IncidentCommands on a real PostgreSQL', () => {
  let ds1: DataSource;
  let ds2: DataSource;
  let replica1: IncidentCommands;
  let replica2: IncidentCommands;

  before(async () => {
    ds1 = await openTestDataSource(schema);
    ds2 = await openTestDataSource(schema);
    replica1 = commandsOn(ds1).commands;
    replica2 = commandsOn(ds2).commands;
  });

  after(async () => {
    await closeAndDrop(schema, ds1, ds2);
  });

  const incidentsFor = (key: string): Promise<Array<{ id: string; alert_count: number; version: number; status: string }>> =>
    ds1.query('SELECT id, alert_count, version, status FROM incidents WHERE dedup_key = $1', [key]);
  const eventsOf = (id: string): Promise<Array<{ version: number; type: string }>> =>
    ds1.query('SELECT version, type FROM events WHERE stream_id = $1 ORDER BY version', [id]);
  const eventCount = async (): Promise<number> => Number((await ds1.query('SELECT count(*)::int AS n FROM events'))[0].n);

  it('two replicas racing on one dedup key open exactly one incident and count every alert', async () => {
    const key = `race-${randomUUID()}`;
    const alerts = Array.from({ length: 60 }, () => canonicalAlert({ dedupKey: key }));
    // Singles and small batches, three lanes per replica, all at once.
    const units = Array.from({ length: 12 }, (_, i) => alerts.slice(i * 5, i * 5 + 5));
    await Promise.all([
      inLanes(units.filter((_, i) => i % 2 === 0), 3, (unit) => replica1.executeBatch(unit.map(recordItem))),
      inLanes(units.filter((_, i) => i % 2 === 1).flat(), 3, (alert) => replica2.execute(recordItem(alert).command, recordItem(alert).meta)),
    ]);
    const incidents = await incidentsFor(key);
    assert.equal(incidents.length, 1, 'exactly one incident for the key');
    assert.equal(incidents[0]!.alert_count, 60);
    const events = await eventsOf(incidents[0]!.id);
    assert.deepEqual(
      events.map((e) => e.version),
      Array.from({ length: 60 }, (_, i) => i + 1),
      'one unbroken stream: no fork, no gap',
    );
    assert.equal(events.filter((e) => e.type === 'IncidentTriggered').length, 1);
    assert.equal(events.filter((e) => e.type === 'AlertDeduplicated').length, 59);
  });

  it('two consumers committing whole batches over many new keys open one incident per key', async () => {
    const run = randomUUID().slice(0, 8);
    const keys = Array.from({ length: 40 }, (_, i) => `batch-${run}-${i}`);
    const alerts = keys.flatMap((dedupKey) => Array.from({ length: 5 }, () => canonicalAlert({ dedupKey })));
    alerts.sort(() => Math.random() - 0.5);
    const batches = Array.from({ length: 10 }, (_, i) => alerts.slice(i * 20, i * 20 + 20).map(recordItem));
    await Promise.all([
      inLanes(batches.filter((_, i) => i % 2 === 0), 2, (batch) => replica1.executeBatch(batch)),
      inLanes(batches.filter((_, i) => i % 2 === 1), 2, (batch) => replica2.executeBatch(batch)),
    ]);
    const rows: Array<{ dedup_key: string; n: number; alerts: number }> = await ds1.query(
      `SELECT dedup_key, count(*)::int AS n, sum(alert_count)::int AS alerts FROM incidents WHERE dedup_key LIKE $1 GROUP BY dedup_key`,
      [`batch-${run}-%`],
    );
    assert.equal(rows.length, 40);
    for (const row of rows) assert.deepEqual({ n: row.n, alerts: row.alerts }, { n: 1, alerts: 5 }, row.dedup_key);
  });

  it('a redelivered batch yields no new events, and only the new messages of a mixed batch count', async () => {
    const key = `inbox-${randomUUID()}`;
    const first = Array.from({ length: 10 }, (_, i) => canonicalAlert({ dedupKey: `${key}-${i % 3}` })).map(recordItem);
    const results = await replica1.executeBatch(first);
    assert.ok(results.every((r) => r.kind === 'applied'));
    const events = await eventCount();
    const snapshot = await ds1.query('SELECT id, version, alert_count FROM incidents WHERE dedup_key LIKE $1 ORDER BY id', [`${key}-%`]);

    const again = await replica2.executeBatch(first);
    assert.ok(again.every((r) => r.kind === 'duplicate'), 'every message is recognised as a redelivery');
    assert.equal(await eventCount(), events, 'no new events');
    assert.deepEqual(await ds1.query('SELECT id, version, alert_count FROM incidents WHERE dedup_key LIKE $1 ORDER BY id', [`${key}-%`]), snapshot);

    const fresh = canonicalAlert({ dedupKey: `${key}-0` });
    const mixed = await replica1.executeBatch([...first.slice(0, 4), recordItem(fresh), recordItem(fresh)]);
    assert.deepEqual(
      mixed.map((r) => r.kind),
      ['duplicate', 'duplicate', 'duplicate', 'duplicate', 'applied', 'duplicate'],
    );
    assert.equal(await eventCount(), events + 1, 'one new alert, one new event');
  });

  it('records alerts of new keys on a guess (one round trip); a wrong guess aborts and runs again reading first', async () => {
    const a = commandsOn(ds1);
    const b = commandsOn(ds2);
    const guesses = async (registry: typeof a.registry): Promise<{ right: number; wrong: number }> => {
      const metric = await registry.getSingleMetric('herald_incident_new_key_guesses_total')!.get();
      const of = (outcome: string): number => metric.values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
      return { right: of('right'), wrong: of('wrong') };
    };
    const key = `guess-${randomUUID()}`;
    const kinds = (results: Awaited<ReturnType<IncidentCommands['executeBatch']>>): string[] =>
      results.map((r) => (r.kind === 'applied' && r.decision.kind === 'events' ? r.decision.events.map((e) => e.type).join('+') : r.kind));

    const first = canonicalAlert({ dedupKey: key });
    assert.deepEqual(kinds(await a.commands.executeBatch([recordItem(first)])), ['IncidentTriggered']);
    assert.deepEqual(await guesses(a.registry), { right: 1, wrong: 0 }, 'a key never seen is guessed new, rightly');

    // Replica b has never seen the key: it guesses new, PostgreSQL refuses the guess, and the
    // batch (with two keys that are new) runs again reading first. Nothing of the aborted try stays.
    const run = randomUUID().slice(0, 8);
    const mixed = [canonicalAlert({ dedupKey: `${key}-a-${run}` }), canonicalAlert({ dedupKey: key }), canonicalAlert({ dedupKey: `${key}-b-${run}` })];
    assert.deepEqual(kinds(await b.commands.executeBatch(mixed.map(recordItem))), ['IncidentTriggered', 'AlertDeduplicated', 'IncidentTriggered']);
    assert.deepEqual(await guesses(b.registry), { right: 0, wrong: 1 });
    const [incident] = await incidentsFor(key);
    assert.equal((await incidentsFor(key)).length, 1, 'the alert joined the open incident, no second one');
    assert.equal(incident!.alert_count, 2);
    assert.deepEqual((await eventsOf(incident!.id)).map((e) => e.type), ['IncidentTriggered', 'AlertDeduplicated']);
    for (const other of [`${key}-a-${run}`, `${key}-b-${run}`]) assert.equal((await incidentsFor(other)).length, 1, `${other} opened once`);

    // b has now seen the key: its next alert for it reads first, without a guess.
    await b.commands.executeBatch([recordItem(canonicalAlert({ dedupKey: key }))]);
    assert.deepEqual(await guesses(b.registry), { right: 0, wrong: 1 });
    assert.equal((await incidentsFor(key))[0]!.alert_count, 3);

    // The first alert again, to a replica that knows nothing: a wrong guess (recorded before), then a duplicate.
    const c = commandsOn(ds2);
    const events = await eventCount();
    assert.deepEqual(kinds(await c.commands.executeBatch([recordItem(first)])), ['duplicate']);
    assert.deepEqual(await guesses(c.registry), { right: 0, wrong: 1 });
    assert.equal(await eventCount(), events, 'no new events');
    const inbox: Array<{ n: number }> = await ds1.query('SELECT count(*)::int AS n FROM inbox WHERE message_id = $1', [first.id]);
    assert.equal(inbox[0]!.n, 1);
  });

  it("people's commands are refused with stable codes, never half-applied", async () => {
    const key = `human-${randomUUID()}`;
    const opened = await replica1.execute(recordItem(canonicalAlert({ dedupKey: key })).command);
    assert.equal(opened.kind, 'applied');
    const id = opened.kind === 'applied' && opened.after.status !== 'none' ? opened.after.id : '';
    const at = new Date().toISOString();
    const code = (r: Awaited<ReturnType<IncidentCommands['execute']>>): string =>
      r.kind === 'applied' ? (r.decision.kind === 'rejected' ? r.decision.error.code : r.decision.kind) : r.kind;

    assert.equal(code(await replica1.execute({ type: 'AcknowledgeIncident', incidentId: randomUUID(), by: 'ada', at })), 'INCIDENT_NOT_FOUND');
    assert.equal(code(await replica1.execute({ type: 'AcknowledgeIncident', incidentId: id, by: 'ada', at })), 'events');
    assert.equal(code(await replica2.execute({ type: 'AcknowledgeIncident', incidentId: id, by: 'bob', at })), 'TRANSITION_NOT_ALLOWED');
    assert.equal(code(await replica2.execute({ type: 'ResolveIncident', incidentId: id, by: 'bob', at })), 'events');
    assert.equal(code(await replica1.execute({ type: 'ResolveIncident', incidentId: id, by: 'ada', at })), 'TRANSITION_NOT_ALLOWED');
    assert.equal(code(await replica1.execute({ type: 'AddNote', incidentId: id, author: 'ada', text: 'post-mortem on Monday', at })), 'events');
    assert.deepEqual(
      (await eventsOf(id)).map((e) => e.type),
      ['IncidentTriggered', 'IncidentAcknowledged', 'IncidentResolved', 'IncidentNoteAdded'],
    );
    assert.deepEqual((await incidentsFor(key)).map((i) => i.status), ['resolved']);
  });

  it('records time to acknowledge and to resolve, and counts open incidents from the read model', async () => {
    const { commands, registry } = commandsOn(ds1);
    const key = `metrics-${randomUUID()}`;
    const openedAt = new Date(Date.now() - 90_000).toISOString();
    const opened = await commands.execute(recordItem(canonicalAlert({ dedupKey: key, severity: 'critical', receivedAt: openedAt })).command);
    const id = opened.kind === 'applied' && opened.after.status !== 'none' ? opened.after.id : '';
    const value = async (name: string, labels: Record<string, string>): Promise<number> => {
      const metric = await registry.getSingleMetric(name)!.get();
      const sample = metric.values.find((v) => Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l));
      return sample?.value ?? 0;
    };
    assert.ok((await value('herald_incidents_open', { severity: 'critical', status: 'triggered' })) >= 1);
    await commands.execute({ type: 'AcknowledgeIncident', incidentId: id, by: 'ada', at: new Date().toISOString() });
    await commands.execute({ type: 'ResolveIncident', incidentId: id, by: 'ada', at: new Date().toISOString() });
    assert.equal(await value('herald_incident_time_to_acknowledge_seconds', { severity: 'critical', le: '60' }), 0);
    assert.equal(await value('herald_incident_time_to_acknowledge_seconds', { severity: 'critical', le: '120' }), 1);
    assert.equal(await value('herald_incident_time_to_resolve_seconds', { severity: 'critical', le: '120' }), 1);
    assert.equal(await value('herald_incidents_resolved_total', { severity: 'critical' }), 1);
    assert.equal(await value('herald_incidents_opened_total', { severity: 'critical' }), 1);
  });
});

describe('timers on a real PostgreSQL', () => {
  const timerSchema = schemaName(testNamespace('timer'), 'incidents');
  const policy: IncidentPolicy = { ...DEFAULT_INCIDENT_POLICY, autoResolveAfterSeconds: 1 };
  const sources: DataSource[] = [];

  after(async () => {
    await closeAndDrop(timerSchema, ...sources);
  });

  const open = async (ds: DataSource): Promise<number> => Number((await ds.query(`SELECT count(*)::int AS n FROM incidents WHERE status <> 'resolved'`))[0].n);

  it('fire after a restart, once each, with replicas sharing the due incidents', async () => {
    const writer = await openTestDataSource(timerSchema);
    sources.push(writer);
    const past = new Date(Date.now() - 10_000).toISOString();
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const due = Array.from({ length: 30 }, (_, i) => canonicalAlert({ dedupKey: `due-${i}`, receivedAt: past }));
    const notDue = canonicalAlert({ dedupKey: 'ends-later', receivedAt: past, endsAt: later });
    await commandsOn(writer, policy).commands.executeBatch([...due, notDue].map(recordItem));
    assert.equal(await open(writer), 31);
    // The replica that opened them dies; the due times are in PostgreSQL.
    await writer.destroy();

    const a = await openTestDataSource(timerSchema);
    const b = await openTestDataSource(timerSchema);
    sources.push(a, b);
    const ra = commandsOn(a, policy).commands;
    const rb = commandsOn(b, policy).commands;
    const drain = async (commands: IncidentCommands): Promise<void> => {
      while ((await commands.runDueTimers(4)) > 0);
    };
    await Promise.all([drain(ra), drain(rb), drain(ra)]);

    assert.equal(await open(a), 1, 'only the incident whose alert ends later is still open');
    const resolutions: Array<{ stream_id: string; n: number; by: string }> = await a.query(
      `SELECT stream_id, count(*)::int AS n, min(event->'data'->'by'->>'reason') AS by FROM events WHERE type = 'IncidentResolved' GROUP BY stream_id`,
    );
    assert.equal(resolutions.length, 30);
    assert.ok(resolutions.every((r) => r.n === 1 && r.by === 'auto-resolve'), 'each resolved exactly once, by the timer');
    const [kept] = await a.query(`SELECT next_timer_at FROM incidents WHERE dedup_key = 'ends-later'`);
    assert.equal((kept.next_timer_at as Date).toISOString(), later, "the alert's endsAt is its timer");
  });

  it('move a timer that a policy change made not due, instead of firing it again and again', async () => {
    const ds = await openTestDataSource(timerSchema);
    sources.push(ds);
    const past = new Date(Date.now() - 10_000).toISOString();
    await commandsOn(ds, policy).commands.execute(recordItem(canonicalAlert({ dedupKey: 'policy-change', receivedAt: past })).command);
    // Restarted without an auto-resolve policy: the stored timer is stale.
    const relaxed = commandsOn(ds, DEFAULT_INCIDENT_POLICY).commands;
    assert.equal(await relaxed.runDueTimers(100), 1);
    assert.equal(await relaxed.runDueTimers(100), 0, 'the stale timer is gone');
    const [row] = await ds.query(`SELECT status, next_timer_at FROM incidents WHERE dedup_key = 'policy-change'`);
    assert.deepEqual(row, { status: 'triggered', next_timer_at: null });
  });
});
