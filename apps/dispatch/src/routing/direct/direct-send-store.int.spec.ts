import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import type { DeliveryJob } from '@herald/contracts';
import { dropSchema, openDataSource } from '@herald/persistence';
import { DISPATCH_MIGRATIONS } from '../../dispatch.migrations.js';
import { eventOf, snapshot } from '../domain/incident-message.fixture.js';
import { DirectSendStore, type OrphanJob } from './direct-send-store.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/herald';
const SCHEMA = `${(process.env.HERALD_TEST_RUN_ID ?? 't').toLowerCase().replace(/[^a-z0-9_]/g, '')}_${randomBytes(4).toString('hex')}_direct`;
const HORIZON_MS = 30_000;

interface DirectRow {
  readonly jobId: string;
  readonly sentBy: string;
  /** Seconds before now; rows in one call share their instant, as a routing batch's rows do. */
  readonly ageSeconds: number;
  /** The delivery log has a final outcome for it. */
  readonly done: boolean;
}

function job(id: string): DeliveryJob {
  const incidentId = randomUUID();
  return {
    id,
    receiverId: 'hook',
    channel: 'webhook',
    createdAt: new Date().toISOString(),
    message: { event: { ...eventOf('IncidentTriggered'), id: randomUUID(), incidentId }, incident: snapshot({ id: incidentId }) },
  };
}

function rows(count: number, ageSeconds: number, done: (i: number) => boolean, sentBy = 'live-replica'): DirectRow[] {
  return Array.from({ length: count }, (_, i) => ({ jobId: `j-${randomUUID()}`, sentBy, ageSeconds, done: done(i) }));
}

describe('direct sends: the sweep on PostgreSQL', () => {
  let dataSource: DataSource;
  let store: DirectSendStore;

  before(async () => {
    dataSource = await openDataSource({ url: DATABASE_URL, schema: SCHEMA, poolSize: 2, migrations: DISPATCH_MIGRATIONS, applicationName: 'dispatch-int-test' });
    store = new DirectSendStore(dataSource);
  });

  after(async () => {
    await dataSource?.destroy();
    await dropSchema(DATABASE_URL, SCHEMA);
  });

  beforeEach(async () => {
    await dataSource.query('TRUNCATE notification_log, deliveries, dispatch_instances');
    // The checkpoint from before every row of the case.
    await dataSource.query(`UPDATE direct_send_sweep SET swept_until = now() - interval '1 hour'`);
  });

  /** Logs the rows as routing does for direct sends, one instant per age, with the delivery log's final outcomes. */
  async function insert(list: readonly DirectRow[]): Promise<void> {
    for (const age of new Set(list.map((r) => r.ageSeconds))) {
      const at = list.filter((r) => r.ageSeconds === age);
      await dataSource.query(
        `INSERT INTO notification_log (job_id, root_job_id, kind, incident_id, event_id, receiver_id, channel, job, sent_by, created_at)
         SELECT u.id, u.id, 'event', gen_random_uuid(), gen_random_uuid(), 'hook', 'webhook', u.job, u.sent_by, now() - $4 * interval '1 second'
           FROM unnest($1::text[], $2::jsonb[], $3::text[]) AS u(id, job, sent_by)`,
        [at.map((r) => r.jobId), at.map((r) => JSON.stringify(job(r.jobId))), at.map((r) => r.sentBy), age],
      );
      const done = at.filter((r) => r.done).map((r) => r.jobId);
      await dataSource.query(
        `INSERT INTO deliveries (job_id, receiver_id, channel, incident_id, event_id, event_type, status, attempts, job, job_created_at, first_attempt_at, last_attempt_at)
         SELECT id, 'hook', 'webhook', gen_random_uuid(), gen_random_uuid(), 'IncidentTriggered', 'delivered', 1, '{}', now(), now(), now() FROM unnest($1::text[]) AS id`,
        [done],
      );
    }
  }

  /** Sweeps until the store says there is no more; returns what was handed over and how many passes it took. */
  async function sweepAll(limit: number): Promise<{ handed: string[]; passes: number }> {
    const handed: string[] = [];
    let passes = 0;
    for (;;) {
      passes += 1;
      const pass = await store.sweep(HORIZON_MS, limit, async (orphans: readonly OrphanJob[]) => {
        handed.push(...orphans.map((o) => o.job.id));
      });
      assert.ok(pass, 'nobody else sweeps here');
      if (!pass.more) return { handed, passes };
      assert.ok(passes < 100, 'the sweep makes progress');
    }
  }

  const orphansOf = (list: readonly DirectRow[]): string[] => list.filter((r) => !r.done).map((r) => r.jobId).sort();

  it('looks at a burst in chunks and hands over each orphan past the horizon once, even when more rows than a chunk share an instant', async () => {
    // 1,500 rows in one instant (more than a chunk of 1,000), then 600 and 600 in two more: every tenth without an outcome.
    const old = [...rows(1_500, 120, (i) => i % 10 === 0), ...rows(600, 90, (i) => i % 10 === 0), ...rows(600, 60, (i) => i % 10 === 0)];
    const recent = rows(50, 5, () => false);
    await insert([...old, ...recent]);
    const { handed, passes } = await sweepAll(500);
    assert.deepEqual(handed.sort(), orphansOf(old));
    assert.ok(passes >= 3, `the burst is looked at in chunks (passes: ${passes})`);
    // Handed over means published: the next sweeps do not see them again, nor the recent rows yet.
    assert.deepEqual((await sweepAll(500)).handed, []);
    const [published] = await dataSource.query<Array<{ n: string }>>('SELECT count(*)::text AS n FROM notification_log WHERE published_at IS NOT NULL');
    assert.equal(Number(published?.n), orphansOf(old).length);
  });

  it('stopping at the orphan limit inside an instant skips none of that instant', async () => {
    const old = rows(250, 120, () => false);
    await insert(old);
    const { handed, passes } = await sweepAll(100);
    assert.deepEqual(handed.sort(), orphansOf(old));
    assert.ok(passes >= 3, `three passes of at most 100 (passes: ${passes})`);
  });

  it('hands over a dead replica’s rows before the horizon, and a live one’s only past it', async () => {
    await store.beat('dead-replica', -1_000);
    const dead = rows(20, 5, (i) => i < 5, 'dead-replica');
    const live = rows(20, 5, () => false, 'live-replica');
    await insert([...dead, ...live]);
    const { handed } = await sweepAll(500);
    assert.deepEqual(handed.sort(), orphansOf(dead));
  });
});
