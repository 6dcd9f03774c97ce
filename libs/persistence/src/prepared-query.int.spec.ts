import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { QueryFailedError, type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dropSchema, openDataSource } from './data-source.js';
import { jsonbRows } from './jsonb-rows.js';
import { queryPrepared, statementName } from './prepared-query.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/herald';
const SCHEMA = `${(process.env.HERALD_TEST_RUN_ID ?? 't').toLowerCase().replace(/[^a-z0-9_]/g, '')}_${randomBytes(4).toString('hex')}_prepared`;

class CreateNotes1700000000001 implements MigrationInterface {
  name = 'CreateNotes1700000000001';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE notes (id int PRIMARY KEY, body jsonb NOT NULL)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE notes');
  }
}

const INSERT = `INSERT INTO notes (id, body) SELECT id, body FROM jsonb_to_recordset($1::jsonb) AS x(id int, body jsonb) RETURNING id`;
const PREPARED = 'SELECT name, statement FROM pg_prepared_statements';

describe('queryPrepared on a real PostgreSQL', () => {
  let db: DataSource;
  before(async () => {
    db = await openDataSource({ url: DATABASE_URL, schema: SCHEMA, poolSize: 1, migrations: [CreateNotes1700000000001], applicationName: 'prepared-test' });
  });
  after(async () => {
    await db.destroy();
    await dropSchema(DATABASE_URL, SCHEMA);
  });

  it('names a statement after its text: one text, one name; another text, another name', () => {
    assert.equal(statementName(INSERT), statementName(`${INSERT}`));
    assert.notEqual(statementName(INSERT), statementName(PREPARED));
    assert.match(statementName(INSERT), /^herald_[0-9a-f]{24}$/);
  });

  it('returns the rows, and leaves the statement prepared on the connection for the next execution', async () => {
    const rows = await queryPrepared<{ id: number }>(db, INSERT, [JSON.stringify([{ id: 1, body: { a: 1 } }, { id: 2, body: { b: 2 } }])]);
    assert.deepEqual(rows, [{ id: 1 }, { id: 2 }]);
    const again = await queryPrepared<{ id: number }>(db, INSERT, [JSON.stringify([{ id: 3, body: {} }])]);
    assert.deepEqual(again, [{ id: 3 }]);
    // The pool has one connection: the one both executions used.
    const prepared: Array<{ name: string; statement: string }> = await db.query(PREPARED);
    assert.deepEqual(
      prepared.map((p) => [p.name, p.statement]),
      [[statementName(INSERT), INSERT]],
      'prepared once, under its name',
    );
  });

  it("runs in the EntityManager's transaction: what it writes is rolled back with it", async () => {
    await assert.rejects(
      db.transaction(async (manager) => {
        await queryPrepared(manager, INSERT, [JSON.stringify([{ id: 10, body: {} }])]);
        const seen = await queryPrepared<{ id: number }>(manager, 'SELECT id FROM notes WHERE id = $1', [10]);
        assert.deepEqual(seen, [{ id: 10 }], 'the transaction sees its own write');
        throw new Error('roll back');
      }),
      /roll back/,
    );
    assert.deepEqual(await db.query('SELECT id FROM notes WHERE id = 10'), []);
  });

  it('takes a batch as a binary jsonb parameter (jsonbRows): the rows are stored as from their JSON text', async () => {
    const rows = [
      { id: 30, body: { summary: 'Disk füll — ☃ 😀', quote: 'say "hi"\\', nested: [1, null, { a: true }] } },
      { id: 31, body: {} },
    ];
    assert.deepEqual(
      (await queryPrepared<{ id: number }>(db, INSERT, [jsonbRows(rows)])).map((r) => r.id),
      [30, 31],
    );
    const stored = await db.query<Array<{ id: number; body: unknown }>>('SELECT id, body FROM notes WHERE id IN (30, 31) ORDER BY id');
    assert.deepEqual(stored, rows);
    // And an empty batch is an empty array, not an error.
    assert.deepEqual(await queryPrepared(db, INSERT, [jsonbRows([])]), []);
  });

  it("fails as TypeORM's query does: a QueryFailedError carrying PostgreSQL's code, and nothing written", async () => {
    const error: unknown = await queryPrepared(db, INSERT, [JSON.stringify([{ id: 20, body: {} }, { id: 1, body: {} }])]).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof QueryFailedError, 'a QueryFailedError');
    assert.equal((error.driverError as { code?: string }).code, '23505', 'the unique violation');
    assert.deepEqual(await db.query('SELECT id FROM notes WHERE id = 20'), []);
  });
});
