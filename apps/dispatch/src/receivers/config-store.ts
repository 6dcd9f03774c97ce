import { DataSource, type EntityManager } from 'typeorm';
import type { SecretsKeyring } from '@herald/config';
import { needsResealing, openSecret, resealSecret, sealSecret } from '@herald/persistence';
import { DispatchError } from './domain/dispatch.errors.js';
import { type ManagedBy } from './domain/receiver.js';

/** The tables holding configuration objects; all have the same shape. */
export const CONFIG_TABLES = {
  receivers: 'receiver',
  silences: 'silence',
  inhibit_rules: 'inhibition rule',
  maintenance_windows: 'maintenance window',
  escalation_policies: 'escalation policy',
} as const;
export type ConfigTable = keyof typeof CONFIG_TABLES;

export interface StoredObject {
  readonly id: string;
  /** Canonical written form, as validated before it was stored. */
  readonly spec: Record<string, unknown>;
  readonly managedBy: ManagedBy;
  readonly revision: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface StoredTree {
  readonly version: number;
  readonly tree: Record<string, unknown>;
  readonly managedBy: ManagedBy;
  readonly createdAt: string;
}

interface ObjectRow {
  id: string;
  spec: Record<string, unknown>;
  managed_by: ManagedBy;
  revision: number;
  created_at: Date;
  updated_at: Date;
}

interface TreeRow {
  version: number;
  tree: Record<string, unknown>;
  managed_by: ManagedBy;
  created_at: Date;
}

/**
 * Tables whose specs carry credentials (webhook URLs with tokens, API keys, OAuth2 client
 * secrets, SMTP passwords, signing secrets): stored sealed, as `{ "sealed": "hs1.…" }`, so a
 * dump or backup of the database holds none of them in clear.
 */
const SEALED_TABLES: ReadonlySet<ConfigTable> = new Set(['receivers']);

const sealedText = (spec: Record<string, unknown>): string | undefined =>
  typeof spec.sealed === 'string' && Object.keys(spec).length === 1 ? spec.sealed : undefined;

const toObject = (r: ObjectRow, spec: Record<string, unknown>): StoredObject => ({
  id: r.id,
  spec,
  managedBy: r.managed_by,
  revision: r.revision,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const toTree = (r: TreeRow): StoredTree => ({ version: r.version, tree: r.tree, managedBy: r.managed_by, createdAt: r.created_at.toISOString() });

/** Every configuration write takes this lock, so checks across kinds (a route naming a receiver) cannot race. */
const CONFIG_LOCK = 'herald-dispatch-config';

/**
 * Configuration objects in PostgreSQL. Writes are serialised by an advisory lock, refuse to
 * touch file-managed objects, and NOTIFY the change (delivered on commit) so every replica's
 * cache reloads.
 */
export class ConfigStore {
  constructor(
    private readonly dataSource: DataSource,
    /** LISTEN/NOTIFY channel of this schema. */
    readonly channel: string,
    /** HERALD_SECRETS_KEY: seals the specs of SEALED_TABLES. */
    private readonly secrets: SecretsKeyring,
  ) {}

  /** The spec as stored: sealed for tables holding credentials. */
  private stored(table: ConfigTable, id: string, spec: Record<string, unknown>): Record<string, unknown> {
    return SEALED_TABLES.has(table) ? { sealed: sealSecret(this.secrets, JSON.stringify(spec), `${table}/${id}`) } : spec;
  }

  /** The row with its spec opened; a spec stored before sealing began is read as it is (and sealed by `resealAll`). */
  private toObject(table: ConfigTable, row: ObjectRow): StoredObject {
    const sealed = SEALED_TABLES.has(table) ? sealedText(row.spec) : undefined;
    if (sealed === undefined) return toObject(row, row.spec);
    return toObject(row, JSON.parse(openSecret(this.secrets, sealed, `${table}/${row.id}`)) as Record<string, unknown>);
  }

  /**
   * Seals what is stored in clear and re-wraps what an older key sealed, so a key can be retired
   * once every replica has run this (each does at start). Returns how many rows changed.
   */
  async resealAll(manager: EntityManager): Promise<number> {
    let changed = 0;
    for (const table of SEALED_TABLES) {
      const rows = await manager.query<ObjectRow[]>(`SELECT * FROM ${table} FOR UPDATE`);
      for (const row of rows) {
        const sealed = sealedText(row.spec);
        if (sealed !== undefined && !needsResealing(this.secrets, sealed)) continue;
        const spec = sealed === undefined ? this.stored(table, row.id, row.spec) : { sealed: resealSecret(this.secrets, sealed, `${table}/${row.id}`) };
        await manager.query(`UPDATE ${table} SET spec = $2 WHERE id = $1`, [row.id, spec]);
        changed += 1;
      }
    }
    return changed;
  }

  /**
   * Runs `read` in one REPEATABLE READ transaction: every table as of one instant, on one
   * pooled connection. (Reading the six tables in parallel, as the cache once did, took six
   * connections every refresh; the pool had closed the extra ones since the last, so each
   * refresh opened four new ones and delayed the alerts being routed then by 30-60 ms.)
   */
  async snapshot<T>(read: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', read);
  }

  async list(table: ConfigTable, manager: EntityManager = this.dataSource.manager): Promise<StoredObject[]> {
    const rows = await manager.query<ObjectRow[]>(`SELECT * FROM ${table} ORDER BY created_at, id`);
    return rows.map((row) => this.toObject(table, row));
  }

  async get(table: ConfigTable, id: string, manager: EntityManager = this.dataSource.manager): Promise<StoredObject | undefined> {
    const rows = await manager.query<ObjectRow[]>(`SELECT * FROM ${table} WHERE id = $1`, [id]);
    return rows[0] ? this.toObject(table, rows[0]) : undefined;
  }

  async currentTree(manager: EntityManager = this.dataSource.manager): Promise<StoredTree | undefined> {
    const rows = await manager.query<TreeRow[]>('SELECT * FROM routing_tree ORDER BY version DESC LIMIT 1');
    return rows[0] ? toTree(rows[0]) : undefined;
  }

  async treeHistory(limit: number): Promise<StoredTree[]> {
    const rows = await this.dataSource.query<TreeRow[]>('SELECT * FROM routing_tree ORDER BY version DESC LIMIT $1', [limit]);
    return rows.map(toTree);
  }

  /** Runs `work` in a transaction holding the configuration lock, then notifies the change. */
  async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [CONFIG_LOCK]);
      const result = await work(manager);
      await manager.query('SELECT pg_notify($1, $2)', [this.channel, 'config']);
      return result;
    });
  }

  async create(table: ConfigTable, id: string, spec: Record<string, unknown>, manager: EntityManager): Promise<StoredObject> {
    const existing = await this.get(table, id, manager);
    if (existing) {
      if (existing.managedBy === 'file') throw DispatchError.fileManaged(CONFIG_TABLES[table], id);
      throw new DispatchError('ALREADY_EXISTS', `${CONFIG_TABLES[table]} "${id}" already exists`);
    }
    const rows = await manager.query<ObjectRow[]>(`INSERT INTO ${table} (id, spec, managed_by) VALUES ($1, $2, 'api') RETURNING *`, [id, this.stored(table, id, spec)]);
    return this.toObject(table, rows[0]!);
  }

  /** The API-managed object, locked for update; 404 when absent, 409 when the file owns it. */
  async editable(table: ConfigTable, id: string, manager: EntityManager): Promise<StoredObject> {
    const rows = await manager.query<ObjectRow[]>(`SELECT * FROM ${table} WHERE id = $1 FOR UPDATE`, [id]);
    const row = rows[0];
    if (!row) throw DispatchError.notFound(CONFIG_TABLES[table], id);
    if (row.managed_by === 'file') throw DispatchError.fileManaged(CONFIG_TABLES[table], id);
    return this.toObject(table, row);
  }

  async replace(table: ConfigTable, id: string, spec: Record<string, unknown>, manager: EntityManager): Promise<StoredObject> {
    const rows = await manager.query<[ObjectRow[], number]>(
      `UPDATE ${table} SET spec = $2, revision = revision + 1, updated_at = now() WHERE id = $1 RETURNING *`,
      [id, this.stored(table, id, spec)],
    );
    return this.toObject(table, rows[0][0]!);
  }

  async remove(table: ConfigTable, id: string, manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM ${table} WHERE id = $1`, [id]);
  }

  async appendTree(tree: Record<string, unknown>, managedBy: ManagedBy, manager: EntityManager): Promise<StoredTree> {
    const rows = await manager.query<TreeRow[]>(
      `INSERT INTO routing_tree (version, tree, managed_by)
       SELECT coalesce(max(version), 0) + 1, $1, $2 FROM routing_tree RETURNING *`,
      [tree, managedBy],
    );
    return toTree(rows[0]!);
  }

  /**
   * Makes the file-managed objects of `table` exactly `declared`: upserts each (taking over
   * an API-managed object of the same id) and deletes file-managed ones no longer declared.
   * Returns the ids taken over from the API and the ids removed.
   */
  async syncDeclared(
    table: ConfigTable,
    declared: ReadonlyArray<{ id: string; spec: Record<string, unknown> }>,
    manager: EntityManager,
  ): Promise<{ takenOver: string[]; removed: string[] }> {
    const before = new Map((await this.list(table, manager)).map((o) => [o.id, o]));
    const takenOver: string[] = [];
    for (const { id, spec } of declared) {
      const existing = before.get(id);
      if (existing?.managedBy === 'api') takenOver.push(id);
      if (existing?.managedBy === 'file' && JSON.stringify(existing.spec) === JSON.stringify(spec)) continue;
      await manager.query(
        `INSERT INTO ${table} (id, spec, managed_by) VALUES ($1, $2, 'file')
         ON CONFLICT (id) DO UPDATE SET spec = EXCLUDED.spec, managed_by = 'file', revision = ${table}.revision + 1, updated_at = now()`,
        [id, this.stored(table, id, spec)],
      );
    }
    const keep = new Set(declared.map((d) => d.id));
    const removed = [...before.values()].filter((o) => o.managedBy === 'file' && !keep.has(o.id)).map((o) => o.id);
    if (removed.length > 0) await manager.query(`DELETE FROM ${table} WHERE managed_by = 'file' AND id = ANY($1)`, [removed]);
    return { takenOver, removed };
  }
}
