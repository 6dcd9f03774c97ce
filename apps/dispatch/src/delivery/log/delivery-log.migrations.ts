import type { MigrationInterface, QueryRunner } from 'typeorm';
import { compressWithDefault, compressWithLz4 } from '@herald/persistence';

/**
 * The delivery log, written by the sender (`DeliveryLog`), read by the deliveries API.
 *
 * `deliveries`: one row per delivery job (job id = `<incident event id>.<receiver id>`, or the
 * id a replay gave it), and where it stands (the job itself is in `notification_log`): `status` is
 * the outcome of its latest attempt (retrying, delivered, failed, dead), `attempts` how many
 * were recorded. A replay publishes the logged job again under a NEW job id (e.g.
 * `<job id>.replay-<n>`); the sender treats a job id whose status is final as done.
 *
 * `delivery_attempts`: one row per attempt, `id` = `<job id>.<attempt>` (the id of the
 * DeliveryOutcome published to DELIVERIES for it). `request` is what was sent with secrets
 * redacted; `response_headers`/`response_excerpt` what came back (first 1 KiB); `error_class`
 * says why it failed (timeout, network, tls, blocked, render_*, oauth2_token, not_recoverable,
 * exhausted, receiver_disabled, receiver_paused, receiver_unknown…); `next_attempt_at` is set
 * while a retry is pending in the broker.
 */
export class CreateDeliveryLog1700000000501 implements MigrationInterface {
  name = 'CreateDeliveryLog1700000000501';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE deliveries (
        job_id text PRIMARY KEY,
        receiver_id text NOT NULL,
        channel text NOT NULL,
        incident_id uuid NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        status text NOT NULL CHECK (status IN ('retrying', 'delivered', 'failed', 'dead', 'muted')),
        attempts integer NOT NULL,
        job jsonb NOT NULL,
        job_created_at timestamptz NOT NULL,
        first_attempt_at timestamptz NOT NULL,
        last_attempt_at timestamptz NOT NULL,
        next_attempt_at timestamptz,
        last_status_code integer,
        last_error_class text,
        outcome_published boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX deliveries_by_receiver ON deliveries (receiver_id, last_attempt_at DESC)');
    await q.query('CREATE INDEX deliveries_by_status ON deliveries (status, last_attempt_at DESC)');
    await q.query('CREATE INDEX deliveries_by_time ON deliveries (last_attempt_at DESC, job_id)');
    await q.query('CREATE INDEX deliveries_by_incident ON deliveries (incident_id)');
    await q.query(`
      CREATE TABLE delivery_attempts (
        id text PRIMARY KEY,
        job_id text NOT NULL,
        receiver_id text NOT NULL,
        channel text NOT NULL,
        incident_id uuid NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        attempt integer NOT NULL,
        outcome text NOT NULL,
        status_code integer,
        status_class text NOT NULL,
        error_class text,
        error_detail text,
        request jsonb,
        response_headers jsonb,
        response_excerpt text,
        duration_ms double precision NOT NULL,
        attempted_at timestamptz NOT NULL,
        next_attempt_at timestamptz,
        UNIQUE (job_id, attempt)
      )`);
    await q.query('CREATE INDEX delivery_attempts_by_receiver ON delivery_attempts (receiver_id, attempted_at DESC)');
    await q.query('CREATE INDEX delivery_attempts_by_time ON delivery_attempts (attempted_at)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE delivery_attempts, deliveries');
  }
}

/**
 * `deliveries.job` is no longer written: every delivery job is in `notification_log` (where
 * replays read it), and copying the whole job, incident snapshot included, into a second
 * table on every delivery was a fifth of the delivery log's bytes. Rows written before keep it.
 */
export class DeliveriesJobOptional1700000000503 implements MigrationInterface {
  name = 'DeliveriesJobOptional1700000000503';
  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE deliveries ALTER COLUMN job DROP NOT NULL');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE deliveries d SET job = n.job FROM notification_log n WHERE d.job IS NULL AND n.job_id = d.job_id`);
    await q.query(`DELETE FROM deliveries WHERE job IS NULL`);
    await q.query('ALTER TABLE deliveries ALTER COLUMN job SET NOT NULL');
  }
}

/** What each attempt sent and got back: lz4 where the server has it (see `compressWithLz4`). */
export class DeliveryLogLz4Compression1700000000505 implements MigrationInterface {
  name = 'DeliveryLogLz4Compression1700000000505';
  async up(q: QueryRunner): Promise<void> {
    await compressWithLz4(q, 'delivery_attempts', ['request', 'response_headers', 'response_excerpt']);
  }
  async down(q: QueryRunner): Promise<void> {
    await compressWithDefault(q, 'delivery_attempts', ['request', 'response_headers', 'response_excerpt']);
  }
}
