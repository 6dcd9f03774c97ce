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

/** Signature scheme and severity overrides per integration; request counters for the health API. */
export class IntegrationSettingsAndStats1700000000002 implements MigrationInterface {
  name = 'IntegrationSettingsAndStats1700000000002';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE integrations
        ADD COLUMN signature_scheme text,
        ADD COLUMN severity_map jsonb`);
    await q.query(`UPDATE integrations SET signature_scheme = 'standard-webhooks' WHERE signing_secret IS NOT NULL`);
    await q.query(`
      CREATE TABLE ingestion_stats (
        integration_id text NOT NULL,
        source text NOT NULL,
        outcome text NOT NULL,
        requests bigint NOT NULL DEFAULT 0,
        duration_seconds_sum double precision NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (integration_id, source, outcome)
      )`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE ingestion_stats');
    await q.query('ALTER TABLE integrations DROP COLUMN signature_scheme, DROP COLUMN severity_map');
  }
}

/** Dedup scope per integration: its own keys (default) or shared with other global integrations. */
export class IntegrationDedupScope1700000000003 implements MigrationInterface {
  name = 'IntegrationDedupScope1700000000003';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE integrations ADD COLUMN dedup_scope text NOT NULL DEFAULT 'integration'`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE integrations DROP COLUMN dedup_scope');
  }
}

/**
 * Heartbeat integrations: their interval and grace beside the other settings, and the state of
 * each heartbeat (last ping, whether its incident is open, how many misses so far) in a table of
 * its own, written by pings and by the due-check of whichever replica locks it first.
 */
export class IntegrationHeartbeats1700000000004 implements MigrationInterface {
  name = 'IntegrationHeartbeats1700000000004';
  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE integrations ADD COLUMN heartbeat_interval_seconds integer, ADD COLUMN heartbeat_grace_seconds integer');
    await q.query(`
      CREATE TABLE heartbeat_state (
        integration_id text PRIMARY KEY REFERENCES integrations (id) ON DELETE CASCADE,
        status text NOT NULL,
        last_ping_at timestamptz,
        misses integer NOT NULL DEFAULT 0,
        missed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The due-check reads only heartbeats that are up.
    await q.query(`CREATE INDEX heartbeat_state_up ON heartbeat_state (last_ping_at) WHERE status = 'up'`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE heartbeat_state');
    await q.query('ALTER TABLE integrations DROP COLUMN heartbeat_interval_seconds, DROP COLUMN heartbeat_grace_seconds');
  }
}

export const INGESTION_MIGRATIONS = [
  CreateIntegrations1700000000001,
  IntegrationSettingsAndStats1700000000002,
  IntegrationDedupScope1700000000003,
  IntegrationHeartbeats1700000000004,
];
