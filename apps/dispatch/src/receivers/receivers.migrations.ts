import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Configuration objects: one table per kind, the same shape. `spec` is the object in its
 * canonical written form (as the API and the file accept it), validated before it is stored.
 */
export class CreateConfigurationTables1700000100001 implements MigrationInterface {
  name = 'CreateConfigurationTables1700000100001';
  async up(q: QueryRunner): Promise<void> {
    for (const table of ['receivers', 'silences', 'inhibit_rules', 'maintenance_windows']) {
      await q.query(`
        CREATE TABLE ${table} (
          id text PRIMARY KEY,
          spec jsonb NOT NULL,
          managed_by text NOT NULL DEFAULT 'api' CHECK (managed_by IN ('api', 'file')),
          revision integer NOT NULL DEFAULT 1,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now()
        )`);
    }
    await q.query(`
      CREATE TABLE routing_tree (
        version integer PRIMARY KEY,
        tree jsonb NOT NULL,
        managed_by text NOT NULL CHECK (managed_by IN ('api', 'file')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }
  async down(q: QueryRunner): Promise<void> {
    for (const table of ['routing_tree', 'maintenance_windows', 'inhibit_rules', 'silences', 'receivers']) await q.query(`DROP TABLE ${table}`);
  }
}

/** Escalation policies: a configuration object like the others (same shape as their tables). */
export class CreateEscalationPolicies1700000100301 implements MigrationInterface {
  name = 'CreateEscalationPolicies1700000100301';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE escalation_policies (
        id text PRIMARY KEY,
        spec jsonb NOT NULL,
        managed_by text NOT NULL DEFAULT 'api' CHECK (managed_by IN ('api', 'file')),
        revision integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE escalation_policies');
  }
}

export const RECEIVERS_MIGRATIONS = [CreateConfigurationTables1700000100001, CreateEscalationPolicies1700000100301];
