import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import type { IncidentEventMessage, IncidentSnapshot } from '@herald/contracts';
import { createLogger } from '@herald/observability';
import { dropSchema, openDataSource } from '@herald/persistence';
import { DISPATCH_MIGRATIONS } from '../dispatch.migrations.js';
import { eventOf, snapshot } from './domain/incident-message.fixture.js';
import type { RepeatChange } from './domain/index.js';
import { NotificationLog, type LoggedNotification, type RoutedEvent } from './notification-log.js';
import { OpenIncidents } from './open-incidents.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/herald';
const SCHEMA = `${(process.env.HERALD_TEST_RUN_ID ?? 't').toLowerCase().replace(/[^a-z0-9_]/g, '')}_${randomBytes(4).toString('hex')}_dispatch`;
const logger = createLogger('dispatch-test', 'silent');
const NOW = Date.parse('2026-03-02T12:00:00Z');

function message(type: IncidentEventMessage['event']['type'], version: number, incident: Partial<IncidentSnapshot>): IncidentEventMessage {
  const event = { ...eventOf(type), id: randomUUID(), version, incidentId: incident.id ?? snapshot().id };
  return { event, incident: snapshot(incident) };
}

function notification(m: IncidentEventMessage, receiverId: string): LoggedNotification {
  const id = `${m.event.id}.${receiverId}`;
  return { job: { id, receiverId, channel: 'webhook', createdAt: new Date(NOW).toISOString(), message: m }, kind: 'event', rootJobId: id };
}

function routed(m: IncidentEventMessage, notifications: LoggedNotification[], repeats: RepeatChange[] = [], now = NOW): RoutedEvent {
  return { message: m, notifications, repeats, now };
}

describe('routing state on PostgreSQL', () => {
  let dataSource: DataSource;
  let log: NotificationLog;
  let incidents: OpenIncidents;

  before(async () => {
    dataSource = await openDataSource({ url: DATABASE_URL, schema: SCHEMA, poolSize: 4, migrations: DISPATCH_MIGRATIONS, applicationName: 'dispatch-int-test' });
    log = new NotificationLog(dataSource);
    incidents = new OpenIncidents(dataSource, { databaseUrl: DATABASE_URL, refreshMs: 60_000 }, logger);
  });

  after(async () => {
    await dataSource?.destroy();
    await dropSchema(DATABASE_URL, SCHEMA);
  });

  describe('notification log: one event reaches one receiver once', () => {
    it('a job logged as published is not returned for publishing again; a new one, or one logged unpublished, is', async () => {
      const m = message('IncidentTriggered', 1, { id: randomUUID() });
      const both = [notification(m, 'a'), notification(m, 'b')];
      const first = await log.unpublished(both);
      assert.deepEqual(first.map((n) => n.job.receiverId), ['a', 'b']);
      // Published a only, then logged the batch (a crash cut the publish of b short).
      await log.record([routed(m, both)], new Set([both[0]!.job.id]));
      // The event comes again: only b is still to publish.
      const again = await log.unpublished(both);
      assert.deepEqual(again.map((n) => n.job.receiverId), ['b']);
      await log.record([routed(m, both)], new Set(again.map((n) => n.job.id)));
      assert.deepEqual(await log.unpublished(both), []);
      const found = await log.find(`${m.event.id}.b`);
      assert.equal(found?.kind, 'event');
      assert.ok(found?.publishedAt, 'a job logged before and published later is marked published');
    });

    it('looks up only the notifications that may have been logged (those of redelivered events)', async () => {
      const m = message('IncidentTriggered', 1, { id: randomUUID() });
      const both = [notification(m, 'a'), notification(m, 'b')];
      await log.record([routed(m, both)], new Set(both.map((n) => n.job.id)));
      // Both are logged as published: looked up, neither is returned; not looked up, both are
      // (a first delivery cannot have been routed before, so routing skips the round trip).
      assert.deepEqual(await log.unpublished(both, (n) => n.job.receiverId === 'a'), [both[1]]);
      assert.deepEqual(await log.unpublished(both, () => false), both);
    });

    it('a job twice in one batch is published once', async () => {
      const m = message('IncidentTriggered', 1, { id: randomUUID() });
      const pending = await log.unpublished([notification(m, 'a'), notification(m, 'a')]);
      assert.equal(pending.length, 1);
    });
  });

  describe('repeat state', () => {
    const incidentId = randomUUID();
    const due = async (at: number) => log.transaction(async (m) => (await log.lockDue(m, at, 100)).filter((r) => r.incidentId === incidentId));

    it('a triggered event becomes the base; it falls due after the interval, with the incident as last recorded', async () => {
      const m = message('IncidentTriggered', 1, { id: incidentId });
      await incidents.record(m);
      await log.record([routed(m, [notification(m, 'a')], [{ kind: 'base', receiverId: 'a', intervalSeconds: 60 }], NOW)]);
      assert.deepEqual(await due(NOW + 59_000), []);
      const [row] = await due(NOW + 60_000);
      assert.equal(row?.receiverId, 'a');
      assert.equal(row?.event.id, m.event.id);
      assert.equal(row?.sequence, 0);
      assert.equal(row?.incident?.status, 'triggered');
    });

    it('a later notification moves the clock (touch)', async () => {
      const note = message('IncidentNoteAdded', 2, { id: incidentId });
      await log.record([routed(note, [], [{ kind: 'touch', receiverId: 'a', intervalSeconds: 60 }], NOW + 30_000)]);
      assert.deepEqual(await due(NOW + 60_000), []);
      assert.equal((await due(NOW + 90_000)).length, 1);
    });

    it('acknowledgement clears every repeat of the incident', async () => {
      const ack = message('IncidentAcknowledged', 3, { id: incidentId, status: 'acknowledged' });
      await log.record([routed(ack, [], [{ kind: 'clear' }], NOW + 40_000)]);
      assert.deepEqual(await due(NOW + 10 * 60_000), []);
    });
  });

  describe('a batch of events', () => {
    it('logs the notifications and snapshots of every event in one statement, each incident once, newest version', async () => {
      const id = randomUUID();
      const triggered = message('IncidentTriggered', 1, { id });
      const resolved = message('IncidentResolved', 2, { id, status: 'resolved' });
      const other = message('IncidentTriggered', 1, { id: randomUUID() });
      const batch = [routed(triggered, [notification(triggered, 'a')]), routed(resolved, [notification(resolved, 'a')]), routed(other, [notification(other, 'b')])];
      const jobIds = [`${triggered.event.id}.a`, `${resolved.event.id}.a`, `${other.event.id}.b`];
      const { snapshotsWritten: written } = await log.record(batch, new Set(jobIds));
      for (const id of jobIds) assert.ok((await log.find(id))?.publishedAt, `${id} logged as published`);
      assert.deepEqual(written.map((m) => m.event.id).sort(), [resolved.event.id, other.event.id].sort());
      // An older version arriving later writes nothing.
      const late = await dataSource.transaction((manager) => incidents.recordAll([message('IncidentAcknowledged', 1, { id, status: 'acknowledged' })], manager));
      assert.deepEqual(late, []);
    });
    it('stores each snapshot whole, whether a job of the batch carries its message or no receiver was notified', async () => {
      const notified = message('IncidentTriggered', 1, { id: randomUUID(), summary: 'carried by its job', labels: { team: 'db' } });
      const unrouted = message('IncidentTriggered', 1, { id: randomUUID(), summary: 'no job carries it' });
      const twice = message('IncidentTriggered', 1, { id: randomUUID(), summary: 'two receivers' });
      await log.record([routed(notified, [notification(notified, 'a')]), routed(unrouted, []), routed(twice, [notification(twice, 'a'), notification(twice, 'b')])]);
      const rows = await dataSource.query<Array<{ incident_id: string; snapshot: unknown }>>('SELECT incident_id, snapshot FROM incident_snapshots WHERE incident_id = ANY($1)', [
        [notified.incident.id, unrouted.incident.id, twice.incident.id],
      ]);
      const stored = new Map(rows.map((r) => [r.incident_id, r.snapshot]));
      for (const m of [notified, unrouted, twice]) assert.deepEqual(stored.get(m.incident.id), JSON.parse(JSON.stringify(m.incident)), m.incident.summary);
    });
    it('logs an event that comes twice in one batch (two copies of one message) once, with its snapshot', async () => {
      const m = message('IncidentTriggered', 1, { id: randomUUID(), summary: 'relayed twice' });
      const copy = structuredClone(m);
      await log.record([routed(m, [notification(m, 'a')]), routed(copy, [notification(copy, 'a')])]);
      const rows = await dataSource.query<Array<{ snapshot: unknown }>>('SELECT snapshot FROM incident_snapshots WHERE incident_id = $1', [m.incident.id]);
      assert.deepEqual(
        rows.map((r) => r.snapshot),
        [JSON.parse(JSON.stringify(m.incident))],
      );
      assert.ok(await log.find(`${m.event.id}.a`), 'the job is logged');
    });
  });

  describe('open incidents', () => {
    it('is kept in memory only while inhibition needs it, and loaded from the table when it starts to', async () => {
      const id = randomUUID();
      await incidents.track(false);
      await incidents.record(message('IncidentTriggered', 1, { id }));
      assert.deepEqual(incidents.list(), [], 'no inhibit rules: nothing held in memory');
      await incidents.track(true);
      assert.ok(incidents.list().some((i) => i.id === id), 'written to the table all along, so it is there once tracked');
      await incidents.track(false);
      assert.deepEqual(incidents.list(), []);
    });

    it('newest version wins, resolved ones leave the open list, a late older event does not bring one back', async () => {
      await incidents.track(true);
      const id = randomUUID();
      await incidents.record(message('IncidentTriggered', 1, { id }));
      assert.ok(incidents.list().some((i) => i.id === id));
      await incidents.record(message('IncidentResolved', 3, { id, status: 'resolved' }));
      assert.equal(incidents.list().some((i) => i.id === id), false);
      await incidents.record(message('IncidentAcknowledged', 2, { id, status: 'acknowledged' }));
      assert.equal(incidents.list().some((i) => i.id === id), false);
      await incidents.reload();
      assert.equal(incidents.list().some((i) => i.id === id), false);
    });

    it('is rebuilt from the table by a fresh instance (a restart)', async () => {
      const id = randomUUID();
      await incidents.record(message('IncidentTriggered', 1, { id, labels: { cluster: 'c1' } }));
      const restarted = new OpenIncidents(dataSource, { databaseUrl: DATABASE_URL, refreshMs: 60_000 }, logger);
      await restarted.track(true);
      assert.deepEqual(restarted.list().find((i) => i.id === id)?.labels, { cluster: 'c1' });
    });
  });
});
