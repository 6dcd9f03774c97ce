import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { dropSchema, openDataSource } from './data-source.js';
import { inPipelinedTransaction } from './pipelined-transaction.js';
import { TurnCoalescingSocket } from './turn-coalescing-socket.js';
import { spyOnSends } from './turn-coalescing-socket.testing.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/herald';
const SCHEMA = `${(process.env.HERALD_TEST_RUN_ID ?? 't').toLowerCase().replace(/[^a-z0-9_]/g, '')}_${randomBytes(4).toString('hex')}_coalescing`;

describe('TurnCoalescingSocket under node-postgres, on a real PostgreSQL', () => {
  it('sends a pipelined BEGIN, statement and COMMIT in one write (node-postgres alone makes three)', async () => {
    const socket = new TurnCoalescingSocket();
    const client = new pg.Client({ connectionString: DATABASE_URL, pipeline: true, stream: () => socket });
    await client.connect();
    try {
      const sends = spyOnSends(socket);
      const results = await Promise.all([
          client.query('BEGIN'),
          client.query({ name: 'coalescing-test', text: 'SELECT $1::int + 1 AS n', values: [41] }),
          client.query('COMMIT'),
        ]);
      assert.deepEqual(results[1].rows, [{ n: 42 }]);
      // BEGIN; Parse, Bind, Describe, Execute and Sync of the statement; COMMIT.
      assert.deepEqual(sends, [7]);
    } finally {
      await client.end();
    }
  });

  describe('openDataSource', () => {
    let db: DataSource;
    before(async () => {
      db = await openDataSource({ url: DATABASE_URL, schema: SCHEMA, poolSize: 1, migrations: [], applicationName: 'coalescing-test' });
    });
    after(async () => {
      await db.destroy();
      await dropSchema(DATABASE_URL, SCHEMA);
    });

    it('gives every connection a TurnCoalescingSocket, so a pipelined transaction leaves in one write per round trip', async () => {
      const runner = db.createQueryRunner();
      let socket: unknown;
      try {
        // node-postgres keeps the socket on the client's `connection` (not public API: looked at in this test only).
        socket = ((await runner.connect()) as { connection?: { stream?: unknown } }).connection?.stream;
      } finally {
        await runner.release();
      }
      assert.ok(socket instanceof TurnCoalescingSocket);
      const sends = spyOnSends(socket);
      const rows = await inPipelinedTransaction(db, (tx) => tx.queryAndCommit<{ n: number }>('SELECT $1::int AS n', [7]));
      assert.deepEqual(rows, [{ n: 7 }]);
      assert.equal(sends.length, 1, `BEGIN, the statement and COMMIT left in ${sends.length} writes`);
    });
  });
});
