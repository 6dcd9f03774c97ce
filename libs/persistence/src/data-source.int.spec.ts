import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dropSchema, openDataSource } from './data-source.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/herald';
const SCHEMA = `${(process.env.HERALD_TEST_RUN_ID ?? 't').toLowerCase().replace(/[^a-z0-9_]/g, '')}_${randomBytes(4).toString('hex')}_migrate`;

/** Slow and not idempotent: two replicas running it at once would collide on the table. */
class CreateWidgets1700000000001 implements MigrationInterface {
  name = 'CreateWidgets1700000000001';
  async up(q: QueryRunner): Promise<void> {
    await q.query('SELECT pg_sleep(0.3)');
    await q.query('CREATE TABLE widgets (id int PRIMARY KEY)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE widgets');
  }
}

describe('openDataSource on a real PostgreSQL', () => {
  after(() => dropSchema(DATABASE_URL, SCHEMA));

  it('lets replicas that start at once on an empty database take turns: one migrates, none fails', async () => {
    const open = (n: number) => openDataSource({ url: DATABASE_URL, schema: SCHEMA, poolSize: 2, migrations: [CreateWidgets1700000000001], applicationName: `replica-${n}` });
    const replicas = await Promise.all([open(1), open(2), open(3)]);
    try {
      const applied: Array<{ name: string }> = await replicas[0].query('SELECT name FROM migrations');
      assert.deepEqual(applied.map((m) => m.name), ['CreateWidgets1700000000001'], 'the migration ran exactly once');
      await replicas[1].query('INSERT INTO widgets (id) VALUES (1)');
      assert.deepEqual(await replicas[2].query('SELECT id FROM widgets'), [{ id: 1 }]);
    } finally {
      await Promise.all(replicas.map((r) => r.destroy()));
    }
  });

  it('keeps two connections open however long the pool is idle; the rest close after the idle timeout', async () => {
    const applicationName = `warm-${randomBytes(4).toString('hex')}`;
    const db = await openDataSource({ url: DATABASE_URL, schema: SCHEMA, poolSize: 4, migrations: [CreateWidgets1700000000001], applicationName, idleTimeoutMs: 200 });
    const observer = new pg.Client({ connectionString: DATABASE_URL });
    await observer.connect();
    const open = async (): Promise<number> => {
      const rows = await observer.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
      return rows.rows[0]?.n ?? 0;
    };
    const until = async (n: number): Promise<number> => {
      // Polled, not timed: a busy machine may take a while to open or close connections.
      let seen = await open();
      for (let i = 0; i < 100 && seen !== n; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        seen = await open();
      }
      return seen;
    };
    try {
      const running = Promise.all([1, 2, 3, 4].map(() => db.query('SELECT pg_sleep(1)')));
      assert.equal(await until(4), 4, 'four queries at once: four connections');
      await running;
      assert.equal(await until(2), 2, 'idle past the idle timeout: the warm two are left');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      assert.equal(await open(), 2, 'and they stay, five idle timeouts later');
    } finally {
      await observer.end();
      await db.destroy();
    }
  });
});
