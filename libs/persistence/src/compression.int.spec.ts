import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { compressWithDefault, compressWithLz4 } from './compression.js';
import { dropSchema, openDataSource } from './data-source.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/herald';
const SCHEMA = `${(process.env.HERALD_TEST_RUN_ID ?? 't').toLowerCase().replace(/[^a-z0-9_]/g, '')}_${randomBytes(4).toString('hex')}_lz4`;

class CreateDocs1700000000001 implements MigrationInterface {
  name = 'CreateDocs1700000000001';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE docs (id int PRIMARY KEY, body jsonb, note text)');
    await compressWithLz4(q, 'docs', ['body', 'note']);
  }
  async down(q: QueryRunner): Promise<void> {
    await compressWithDefault(q, 'docs', ['body', 'note']);
  }
}

describe('compressWithLz4 on a real PostgreSQL', () => {
  after(() => dropSchema(DATABASE_URL, SCHEMA));

  it('sets lz4 on the named columns when the server has it, stores and reads large values back, and the down goes back to the default', async () => {
    const ds = await openDataSource({ url: DATABASE_URL, schema: SCHEMA, poolSize: 1, migrations: [CreateDocs1700000000001], applicationName: 'lz4-spec' });
    try {
      const settings: Array<{ has_lz4: boolean }> = await ds.query(
        `SELECT 'lz4' = ANY (enumvals) AS has_lz4 FROM pg_settings WHERE name = 'default_toast_compression'`,
      );
      const hasLz4 = settings[0]?.has_lz4 === true;
      const methods = async (): Promise<Record<string, string>> => {
        const rows: Array<{ attname: string; attcompression: string }> = await ds.query(
          `SELECT attname, attcompression::text FROM pg_attribute WHERE attrelid = 'docs'::regclass AND attname IN ('body', 'note')`,
        );
        return Object.fromEntries(rows.map((r) => [r.attname, r.attcompression]));
      };
      assert.deepEqual(await methods(), hasLz4 ? { body: 'l', note: 'l' } : { body: '', note: '' });

      // A value far past the TOAST threshold goes through the compressor and comes back intact.
      const big = { text: 'incident '.repeat(2_000), labels: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`l${i}`, `v${i}`])) };
      await ds.query('INSERT INTO docs (id, body, note) VALUES (1, $1::jsonb, $2)', [JSON.stringify(big), 'note '.repeat(3_000)]);
      const rows: Array<{ body: unknown; note: string; method: string | null }> = await ds.query(
        'SELECT body, note, pg_column_compression(body) AS method FROM docs WHERE id = 1',
      );
      const row = rows[0];
      assert.deepEqual(row!.body, big);
      assert.equal(row!.note, 'note '.repeat(3_000));
      if (hasLz4) assert.equal(row!.method, 'lz4');

      await ds.undoLastMigration();
      assert.deepEqual(await methods(), { body: '', note: '' }, 'back to the server default');
    } finally {
      await ds.destroy();
    }
  });

  it('refuses a table or column name that is not a plain identifier (it is spliced into SQL)', async () => {
    const q = { query: async () => assert.fail('no SQL for a bad name') } as unknown as QueryRunner;
    await assert.rejects(compressWithLz4(q, 'docs; DROP TABLE x', ['body']), /not a plain identifier/);
    await assert.rejects(compressWithLz4(q, 'docs', ['body"']), /not a plain identifier/);
  });
});
