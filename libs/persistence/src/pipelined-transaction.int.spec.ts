import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { QueryFailedError, type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dropSchema, openDataSource } from './data-source.js';
import { inPipelinedTransaction } from './pipelined-transaction.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/herald';
const SCHEMA = `${(process.env.HERALD_TEST_RUN_ID ?? 't').toLowerCase().replace(/[^a-z0-9_]/g, '')}_${randomBytes(4).toString('hex')}_pipelined`;

class CreateNotes1700000000001 implements MigrationInterface {
  name = 'CreateNotes1700000000001';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE notes (id int PRIMARY KEY)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE notes');
  }
}

const INSERT = 'INSERT INTO notes (id) SELECT unnest($1::int[]) RETURNING id';

/**
 * A TCP relay in front of PostgreSQL that counts round trips: each burst the client sends after
 * the server last spoke is one. It holds the client's bytes for a few milliseconds before passing
 * them on, so what the client writes in one go (a pipeline) cannot be answered in between and
 * always counts once, while statements awaited one by one always count one each.
 */
class RoundTripCounter {
  trips = 0;
  private readonly server: net.Server;

  private constructor(upstream: URL) {
    this.server = net.createServer((client) => {
      const pg = net.connect(Number(upstream.port || 5432), upstream.hostname);
      let serverSpoke = true;
      let held: Buffer[] = [];
      let timer: NodeJS.Timeout | undefined;
      client.on('data', (chunk) => {
        if (serverSpoke) this.trips += 1;
        serverSpoke = false;
        held.push(chunk);
        timer ??= setTimeout(() => {
          timer = undefined;
          pg.write(Buffer.concat(held));
          held = [];
        }, 5);
      });
      pg.on('data', (chunk) => {
        serverSpoke = true;
        client.write(chunk);
      });
      const close = (): void => {
        client.destroy();
        pg.destroy();
      };
      client.on('close', close).on('error', close);
      pg.on('close', close).on('error', close);
    });
  }

  static async start(upstream: string): Promise<{ counter: RoundTripCounter; url: string }> {
    const url = new URL(upstream);
    const counter = new RoundTripCounter(url);
    await new Promise<void>((resolve) => counter.server.listen(0, '127.0.0.1', resolve));
    const proxied = new URL(upstream);
    proxied.hostname = '127.0.0.1';
    proxied.port = String((counter.server.address() as net.AddressInfo).port);
    return { counter, url: proxied.toString() };
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Round trips `work` took. */
  async count(work: () => Promise<unknown>): Promise<number> {
    const before = this.trips;
    await work();
    return this.trips - before;
  }
}

describe('inPipelinedTransaction on a real PostgreSQL', () => {
  let db: DataSource;
  let counter: RoundTripCounter;
  before(async () => {
    const proxied = await RoundTripCounter.start(DATABASE_URL);
    counter = proxied.counter;
    // One connection: every transaction and check below runs on the same one.
    db = await openDataSource({ url: proxied.url, schema: SCHEMA, poolSize: 1, migrations: [CreateNotes1700000000001], applicationName: 'pipelined-test' });
  });
  after(async () => {
    await db.destroy();
    await counter.close();
    await dropSchema(DATABASE_URL, SCHEMA);
  });
  beforeEach(async () => {
    await db.query('TRUNCATE notes');
  });

  const stored = async (): Promise<number[]> => (await db.query<Array<{ id: number }>>('SELECT id FROM notes ORDER BY id')).map((r) => r.id);

  it('commits two statements in two round trips: BEGIN with the first, COMMIT with the last', async () => {
    let rows: Array<Array<{ id: number }>> = [];
    const trips = await counter.count(() =>
      inPipelinedTransaction(db, async (tx) => {
        rows = [await tx.query<{ id: number }>(INSERT, [[1, 2]]), await tx.queryAndCommit<{ id: number }>(INSERT, [[3]])];
      }),
    );
    assert.equal(trips, 2, 'BEGIN, two statements and COMMIT awaited one by one would be four');
    assert.deepEqual(rows, [[{ id: 1 }, { id: 2 }], [{ id: 3 }]], 'each statement answers with its own rows');
    assert.deepEqual(await stored(), [1, 2, 3]);
  });

  it('reads behind the commit in the same round trip, on a snapshot that sees the commit; a failed read leaves the commit standing', async () => {
    let read: Array<{ n: number }> | undefined;
    const trips = await counter.count(() =>
      inPipelinedTransaction(db, async (tx) => {
        await tx.query(INSERT, [[21]]);
        read = (await tx.queryCommitAndRead<{ id: number }, { n: number }>(INSERT, [[22]], { text: 'SELECT count(*)::int AS n FROM notes', values: [] })).read;
      }),
    );
    assert.equal(trips, 2, 'the read went with the last statement and its COMMIT');
    assert.deepEqual(read, [{ n: 2 }], 'the read sees what the commit made visible');
    const failed = await inPipelinedTransaction(db, (tx) => tx.queryCommitAndRead(INSERT, [[23]], { text: 'SELECT no_such_column FROM notes', values: [] }));
    assert.equal(failed.read, undefined);
    assert.deepEqual(await stored(), [21, 22, 23]);
  });

  it('commits after the work when no statement carried COMMIT (one round trip more), and begins nothing for no statement', async () => {
    const trips = await counter.count(() => inPipelinedTransaction(db, (tx) => tx.query(INSERT, [[4]])));
    assert.equal(trips, 2);
    assert.deepEqual(await stored(), [4]);
    assert.equal(await counter.count(() => inPipelinedTransaction(db, () => Promise.resolve('nothing'))), 0);
  });

  it('a last statement that fails rolls the whole transaction back and rejects with its own error', async () => {
    await db.query('INSERT INTO notes (id) VALUES (9)');
    const error: unknown = await inPipelinedTransaction(db, async (tx) => {
      await tx.query(INSERT, [[5]]);
      await tx.queryAndCommit(INSERT, [[6, 9]]);
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof QueryFailedError, 'a QueryFailedError');
    assert.equal((error.driverError as { code?: string }).code, '23505', "PostgreSQL's unique violation, not the commit's answer");
    assert.deepEqual(await stored(), [9], 'the first statement was rolled back with it');
    // The connection went back to the pool outside any transaction: the next one commits on its own.
    await inPipelinedTransaction(db, (tx) => tx.queryAndCommit(INSERT, [[7]]));
    assert.deepEqual(await stored(), [7, 9]);
  });

  it('work that throws rolls back what it wrote', async () => {
    await assert.rejects(
      inPipelinedTransaction(db, async (tx) => {
        await tx.query(INSERT, [[8]]);
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    assert.deepEqual(await stored(), []);
  });

  it('refuses a statement after the commit instead of running it outside the transaction', async () => {
    await assert.rejects(
      inPipelinedTransaction(db, async (tx) => {
        await tx.queryAndCommit(INSERT, [[10]]);
        await tx.query(INSERT, [[11]]);
      }),
      /no statement may follow its commit/,
    );
    assert.deepEqual(await stored(), [10], 'what was committed stays; the late statement never ran');
  });
});
