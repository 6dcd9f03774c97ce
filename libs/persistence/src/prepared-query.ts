import { createHash } from 'node:crypto';
import { DataSource, QueryFailedError, type EntityManager, type QueryRunner } from 'typeorm';

/** What a named statement needs of a node-postgres client. */
export interface NamedQueryClient {
  query(config: { readonly name: string; readonly text: string; readonly values: readonly unknown[] }): Promise<{ rows: unknown[] }>;
}

function isNamedQueryClient(client: unknown): client is NamedQueryClient {
  return typeof (client as { query?: unknown } | null)?.query === 'function';
}

const names = new Map<string, string>();

/** A statement's name: derived from its text, so one text has one name on every connection. */
export function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `herald_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs `text` as a named prepared statement and returns its rows. Use it for the statements a
 * service runs for every batch of messages. TypeORM sends each query unnamed, so PostgreSQL
 * parses and plans it on every execution, and a custom plan folds the parameters in: a batch's
 * jsonb parameter (hundreds of KiB) was parsed and copied with the plan each time, which cost
 * PostgreSQL about half its CPU in an alert storm. A named statement is parsed once per
 * connection, and after five executions PostgreSQL keeps a generic plan when that costs no
 * more than the custom ones (`plan_cache_mode = auto`), so a statement whose best plan
 * depends on its parameters keeps getting custom plans.
 *
 * `text` must be one of a fixed set (a module constant, or built from constants): each distinct
 * text is prepared once per connection and kept there, and its name is remembered here.
 *
 * `db` is a DataSource (a pooled connection for this call) or an EntityManager (its
 * transaction's connection when it has one). Failures are TypeORM's `QueryFailedError`, logged
 * as TypeORM logs them, like `query()`'s.
 */
export async function queryPrepared<T>(db: DataSource | EntityManager, text: string, values: readonly unknown[]): Promise<T[]> {
  const dataSource = db instanceof DataSource ? db : db.connection;
  const transaction: QueryRunner | undefined = db instanceof DataSource ? undefined : db.queryRunner;
  const runner = transaction ?? dataSource.createQueryRunner();
  try {
    const client: unknown = await runner.connect();
    if (!isNamedQueryClient(client)) throw new Error('queryPrepared needs a node-postgres connection');
    return await runNamed<T>(client, dataSource, runner, text, values);
  } finally {
    if (transaction === undefined) await runner.release();
  }
}

/**
 * `text` as a named statement on `client` (the runner's connection): its rows, or a failure
 * logged as TypeORM logs them and thrown as its `QueryFailedError`. Shared with
 * PipelinedTransaction, which sends several on one connection without awaiting each.
 */
export function runNamed<T>(client: NamedQueryClient, dataSource: DataSource, runner: QueryRunner, text: string, values: readonly unknown[]): Promise<T[]> {
  return client.query({ name: statementName(text), text, values }).then(
    (result) => result.rows as T[],
    (error: unknown) => {
      dataSource.logger.logQueryError(error instanceof Error ? error : String(error), text, [...values], runner);
      throw new QueryFailedError(text, [...values], error instanceof Error ? error : new Error(String(error)));
    },
  );
}
