import pg from 'pg';
import { DataSource, type MixedList, type EntitySchema } from 'typeorm';
import { createLogger, type Logger } from '@herald/observability';
import { TurnCoalescingSocket } from './turn-coalescing-socket.js';
import { PinoTypeOrmLogger } from './typeorm-logger.js';

export interface DatabaseOptions {
  readonly url: string;
  /** PostgreSQL schema owned by this service; created when missing. */
  readonly schema: string;
  readonly poolSize: number;
  // TypeORM takes entity and migration classes as plain constructors.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly entities?: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly migrations: MixedList<Function | string>;
  readonly applicationName: string;
  /** How long a connection above the warm minimum stays open while idle (node-postgres's default: 10 s). */
  readonly idleTimeoutMs?: number;
  /** Where TypeORM's own messages go (as JSON); a logger named after the application when absent. */
  readonly logger?: Logger;
}

/** `<namespace>_<service>` or `<service>`: one schema per service, one set per namespace. */
export function schemaName(namespace: string, service: string): string {
  return namespace ? `${namespace}_${service}` : service;
}

/** Connections each pool keeps open however long it is idle. */
const WARM_CONNECTIONS = 2;

/** The advisory-lock class under which replicas take turns to migrate a schema (its hash is the key). */
const MIGRATION_LOCK_CLASS = 481_517;

/**
 * Opens a TypeORM DataSource on the service's own schema and runs its migrations
 * (never `synchronize`). Every pooled connection gets `search_path` set to the
 * schema, so raw SQL and migrations need no schema prefix. Replicas starting together
 * take turns under a PostgreSQL advisory lock on the schema: the first migrates, the
 * others then find nothing left to do.
 */
export async function openDataSource(options: DatabaseOptions): Promise<DataSource> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) throw new Error(`invalid schema name "${options.schema}"`);
  const lock = new pg.Client({ connectionString: options.url, application_name: `${options.applicationName}-migrations` });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1, hashtext($2))', [MIGRATION_LOCK_CLASS, options.schema]);
    await lock.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
    const dataSource = new DataSource({
      type: 'postgres',
      url: options.url,
      schema: options.schema,
      applicationName: options.applicationName,
      entities: options.entities ?? [],
      migrations: options.migrations,
      migrationsTableName: 'migrations',
      migrationsTransactionMode: 'each',
      synchronize: false,
      // Through pino, never TypeORM's console output (multi-line, with every parameter).
      logger: new PinoTypeOrmLogger(options.logger ?? createLogger(options.applicationName, 'warn')),
      logging: ['error', 'warn', 'migration'],
      poolSize: options.poolSize,
      // A warm minimum: the pool closes a connection idle for 10 s, so after a quiet spell the first
      // alert waited on every hop for a new connection (start-up, authentication, search_path) and
      // for its statements to be prepared again (see queryPrepared).
      extra: {
        options: `-c search_path=${options.schema}`,
        // Queries issued together are written together (inPipelinedTransaction: BEGIN with the first
        // statement, COMMIT with the last), in one system call (TurnCoalescingSocket). Awaited one by
        // one, as everything else is, nothing changes.
        pipeline: true,
        stream: () => new TurnCoalescingSocket(),
        min: Math.min(options.poolSize, WARM_CONNECTIONS),
        ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMillis: options.idleTimeoutMs } : {}),
      },
    });
    await dataSource.initialize();
    try {
      await dataSource.runMigrations();
    } catch (error) {
      await dataSource.destroy();
      throw error;
    }
    return dataSource;
  } finally {
    // Ending the session releases the lock too; unlocking first lets the next replica go at once.
    await lock.query('SELECT pg_advisory_unlock($1, hashtext($2))', [MIGRATION_LOCK_CLASS, options.schema]).catch(() => undefined);
    await lock.end();
  }
}

/** Drops a service schema and everything in it (test clean-up, uninstall). */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
