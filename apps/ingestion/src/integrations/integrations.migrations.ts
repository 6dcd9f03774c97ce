import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIntegrations1700000000001 implements MigrationInterface {
  name = 'CreateIntegrations1700000000001';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE integrations (
        id text PRIMARY KEY,
        name text NOT NULL,
        source text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        enabled boolean NOT NULL DEFAULT true,
        signing_secret text,
        rate_limit_per_minute integer NOT NULL DEFAULT 120,
        managed_by text NOT NULL DEFAULT 'api',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE integrations');
  }
}

export const INGESTION_MIGRATIONS = [CreateIntegrations1700000000001];
