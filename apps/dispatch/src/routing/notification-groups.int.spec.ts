import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import type { IncidentEventMessage, IncidentStatus } from '@herald/contracts';
import { dropSchema, openDataSource } from '@herald/persistence';
import { DISPATCH_MIGRATIONS } from '../dispatch.migrations.js';
import { eventOf, snapshot } from './domain/incident-message.fixture.js';
import { flush, type GroupChange } from './domain/index.js';
import { NotificationGroups } from './notification-groups.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/herald';
const SCHEMA = `${(process.env.HERALD_TEST_RUN_ID ?? 't').toLowerCase().replace(/[^a-z0-9_]/g, '')}_${randomBytes(4).toString('hex')}_dispatch`;
const NOW = Date.parse('2026-03-02T12:00:00Z');
const TIMING = { waitSeconds: 30, intervalSeconds: 300, sendResolved: true };

function change(key: string, incidentId: string, status: IncidentStatus = 'triggered', version = 1): GroupChange {
  const type = status === 'resolved' ? 'IncidentResolved' : 'IncidentTriggered';
  const message: IncidentEventMessage = { event: { ...eventOf(type), id: randomUUID(), incidentId, version }, incident: snapshot({ id: incidentId, status }) };
  return { key, receiverId: 'ops', labels: { alertname: 'DiskFull' }, timing: TIMING, message };
}

describe('notification groups on PostgreSQL', () => {
  let dataSource: DataSource;
  let groups: NotificationGroups;

  before(async () => {
    dataSource = await openDataSource({ url: DATABASE_URL, schema: SCHEMA, poolSize: 4, migrations: DISPATCH_MIGRATIONS, applicationName: 'dispatch-int-test' });
    groups = new NotificationGroups(dataSource);
  });

  after(async () => {
    await dataSource?.destroy();
    await dropSchema(DATABASE_URL, SCHEMA);
  });

  it('a batch absorbed twice (a redelivery) leaves the group as once; the group is due after group_wait', async () => {
    const key = `g-${randomUUID()}`;
    const batch = [change(key, randomUUID()), change(key, randomUUID())];
    await groups.absorb(batch, NOW);
    await groups.absorb(batch, NOW + 5_000);
    const due = await dataSource.transaction((m) => groups.lockDue(m, NOW + 30_000, 100));
    const mine = due.find((g) => g.key === key);
    assert.equal(mine?.members.length, 2);
    assert.equal(mine?.nextFlushAt, NOW + 30_000, 'the redelivery did not move the due time');
    assert.equal((await dataSource.transaction((m) => groups.lockDue(m, NOW + 29_999, 100))).some((g) => g.key === key), false, 'not due before group_wait');
  });

  it('a due group locked by one flush is skipped by another (SKIP LOCKED): one notification per flush across replicas', async () => {
    const key = `g-${randomUUID()}`;
    await groups.absorb([change(key, randomUUID())], NOW);
    const runner = dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      const first = await groups.lockDue(runner.manager, NOW + 60_000, 1_000);
      assert.ok(first.some((g) => g.key === key));
      const second = await dataSource.transaction((m) => groups.lockDue(m, NOW + 60_000, 1_000));
      assert.equal(second.some((g) => g.key === key), false);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('a flush cut short before its commit is decided again under the same job id; after the commit the group is told and waits', async () => {
    const key = `g-${randomUUID()}`;
    const incident = randomUUID();
    await groups.absorb([change(key, incident)], NOW);
    const at = NOW + 31_000;
    const decide = async (commit: boolean): Promise<string | undefined> => {
      const runner = dataSource.createQueryRunner();
      await runner.startTransaction();
      try {
        const state = (await groups.lockDue(runner.manager, at, 1_000)).find((g) => g.key === key);
        assert.ok(state);
        const result = flush(state, at);
        await groups.saveFlushes(runner.manager, [{ key, next: result.next }]);
        if (commit) await runner.commitTransaction();
        else await runner.rollbackTransaction();
        return result.notification?.jobId;
      } finally {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
    };
    const crashed = await decide(false);
    const again = await decide(true);
    assert.ok(crashed);
    assert.equal(again, crashed);
    assert.equal((await dataSource.transaction((m) => groups.lockDue(m, at + 3_600_000, 1_000))).some((g) => g.key === key), false, 'told, nothing pending, no repeats: not due');

    // The incident resolves: due at the next group_interval tick, then "all alerts resolved" ends the group.
    await groups.absorb([change(key, incident, 'resolved', 2)], at + 10_000);
    const state = (await dataSource.transaction((m) => groups.lockDue(m, at + 300_000, 1_000))).find((g) => g.key === key);
    assert.ok(state);
    assert.equal(state.nextFlushAt, at + 300_000);
    const result = flush(state, at + 300_000);
    assert.equal(result.notification?.group.reason, 'all alerts resolved');
    await dataSource.transaction((m) => groups.saveFlushes(m, [{ key, next: result.next }]));
    const left = await dataSource.query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM notification_group_members WHERE group_key = $1', [key]);
    assert.equal(left[0]?.n, 0, 'the ended group took its members with it');
  });
});
