import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The management action log (action-log.ts), one table in each service schema that has a management API. */
export class ManagementActions1700000900001 implements MigrationInterface {
  name = 'ManagementActions1700000900001';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE management_actions (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        role text NOT NULL,
        method text NOT NULL,
        path text NOT NULL
      )`);
    await q.query('CREATE INDEX management_actions_path ON management_actions (path text_pattern_ops)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE management_actions');
  }
}

export const ACTION_LOG_MIGRATIONS = [ManagementActions1700000900001];
