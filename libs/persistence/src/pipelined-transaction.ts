import type { DataSource, QueryRunner } from 'typeorm';
import { runNamed, type NamedQueryClient } from './prepared-query.js';

/** What a transaction needs of a node-postgres client in pipeline mode (`pipeline: true`, see openDataSource). */
interface PipelineClient extends NamedQueryClient {
  readonly pipeline?: boolean;
  query(text: string): Promise<unknown>;
  query(config: { readonly name: string; readonly text: string; readonly values: readonly unknown[] }): Promise<{ rows: unknown[] }>;
}

function isPipelineClient(client: unknown): client is PipelineClient {
  return typeof (client as { query?: unknown } | null)?.query === 'function' && (client as { pipeline?: unknown }).pipeline === true;
}

/** Named prepared statements in one transaction (see `inPipelinedTransaction`). */
export interface PreparedStatements {
  /** Runs `text` as a named prepared statement (see `queryPrepared`) and returns its rows. */
  query<T>(text: string, values: readonly unknown[]): Promise<T[]>;
}

/** A named prepared statement with its parameters. */
export interface PreparedStatement {
  readonly text: string;
  readonly values: readonly unknown[];
}

type State = 'idle' | 'open' | 'ended';

/**
 * A transaction on a connection in node-postgres's pipeline mode: BEGIN is written with the
 * first statement and COMMIT with the one the caller names the last (`queryAndCommit`), so a
 * transaction of two statements costs two round trips instead of four. On a host where waking a
 * peer costs more than the work it is woken for, round trips are what a lone alert's
 * transaction costs (README, Performance).
 *
 * Safe because PostgreSQL answers pipelined statements in order, each up to its own Sync: a
 * statement after BEGIN runs inside the transaction, and a COMMIT after a statement that failed
 * ends the aborted transaction as a ROLLBACK (the statement's error is what the caller gets).
 * BEGIN itself does no work that can fail on a live connection; on a dead one nothing runs.
 */
export class PipelinedTransaction implements PreparedStatements {
  private state: State = 'idle';

  constructor(
    private readonly client: PipelineClient,
    private readonly dataSource: DataSource,
    private readonly runner: QueryRunner,
  ) {}

  /** Whether BEGIN went out and neither COMMIT nor ROLLBACK has. */
  get open(): boolean {
    return this.state === 'open';
  }

  query<T>(text: string, values: readonly unknown[]): Promise<T[]> {
    const begin = this.begin();
    return this.settle(begin, this.statement(text, values), undefined);
  }

  /**
   * Runs the transaction's last statement and commits with it: resolves with its rows once
   * the transaction has committed, rejects with its error (the transaction then rolled back)
   * or the commit's. Nothing may run in the transaction after it.
   */
  queryAndCommit<T>(text: string, values: readonly unknown[]): Promise<T[]> {
    const begin = this.begin();
    const statement = this.statement<T>(text, values);
    const commit = this.client.query('COMMIT');
    this.state = 'ended';
    return this.settle(begin, statement, commit);
  }

  /**
   * As `queryAndCommit`, with `read` written right behind the COMMIT: it runs outside the
   * transaction, on a snapshot taken after the commit, so it sees what the commit made visible.
   * The write, its commit and the read cost one round trip. The read's rows are undefined when
   * it failed: the commit stands either way, and the caller reads again its own way.
   */
  async queryCommitAndRead<T, R>(text: string, values: readonly unknown[], read: PreparedStatement): Promise<{ rows: T[]; read: R[] | undefined }> {
    const written = this.queryAndCommit<T>(text, values);
    const after = this.statement<R>(read.text, read.values).catch(() => undefined);
    const [rows, readRows] = await Promise.all([written, after]);
    return { rows, read: readRows };
  }

  /** Commits when open (the last statement did not carry COMMIT); nothing was begun otherwise. */
  async commit(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'ended';
    await this.client.query('COMMIT');
  }

  /** Rolls back when open; a COMMIT already on its way ends the transaction by itself. */
  async rollback(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'ended';
    await this.client.query('ROLLBACK');
  }

  private begin(): Promise<unknown> | undefined {
    if (this.state === 'ended') throw new Error('the transaction has ended: no statement may follow its commit');
    if (this.state === 'open') return undefined;
    this.state = 'open';
    return this.client.query('BEGIN');
  }

  private statement<T>(text: string, values: readonly unknown[]): Promise<T[]> {
    return runNamed<T>(this.client, this.dataSource, this.runner, text, values);
  }

  /** Waits for every part written together, so none is left unobserved; the statement's error comes first. */
  private async settle<T>(begin: Promise<unknown> | undefined, statement: Promise<T[]>, commit: Promise<unknown> | undefined): Promise<T[]> {
    const [b, s, c] = await Promise.allSettled([begin, statement, commit]);
    if (s.status === 'rejected') throw s.reason;
    if (b.status === 'rejected') throw b.reason;
    if (c.status === 'rejected') throw c.reason;
    return s.value;
  }
}

/**
 * Runs `work` in a transaction on one pooled connection (see PipelinedTransaction): committed
 * when `work` resolves (by its `queryAndCommit`, or here), rolled back when it throws.
 */
export async function inPipelinedTransaction<T>(dataSource: DataSource, work: (tx: PipelinedTransaction) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  try {
    const client: unknown = await runner.connect();
    if (!isPipelineClient(client)) throw new Error('inPipelinedTransaction needs a node-postgres connection in pipeline mode (openDataSource opens them so)');
    const tx = new PipelinedTransaction(client, dataSource, runner);
    let result: T;
    try {
      result = await work(tx);
    } catch (error) {
      await tx.rollback().catch(() => undefined);
      throw error;
    }
    await tx.commit();
    return result;
  } finally {
    await runner.release();
  }
}
