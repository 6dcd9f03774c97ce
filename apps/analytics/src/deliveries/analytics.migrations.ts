import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hourly delivery rollups per receiver and channel, their latency buckets
 * (see domain/latency-sketch.ts), and the inbox of consumed outcome ids that
 * makes consumption idempotent.
 */
export class CreateDeliveryRollups1700000000501 implements MigrationInterface {
  name = 'CreateDeliveryRollups1700000000501';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE delivery_rollups (
        receiver_id text NOT NULL,
        channel text NOT NULL,
        hour timestamptz NOT NULL,
        events bigint NOT NULL,
        attempts bigint NOT NULL,
        delivered bigint NOT NULL,
        failed bigint NOT NULL,
        dead bigint NOT NULL,
        muted bigint NOT NULL,
        retrying bigint NOT NULL,
        status_2xx bigint NOT NULL,
        status_3xx bigint NOT NULL,
        status_4xx bigint NOT NULL,
        status_5xx bigint NOT NULL,
        status_timeout bigint NOT NULL,
        status_network bigint NOT NULL,
        status_none bigint NOT NULL,
        retries bigint NOT NULL,
        latency_count bigint NOT NULL,
        latency_sum_ms double precision NOT NULL,
        latency_min_ms double precision,
        latency_max_ms double precision,
        PRIMARY KEY (receiver_id, channel, hour)
      )`);
    await q.query('CREATE INDEX delivery_rollups_by_hour ON delivery_rollups (hour)');
    await q.query(`
      CREATE TABLE latency_buckets (
        receiver_id text NOT NULL,
        channel text NOT NULL,
        hour timestamptz NOT NULL,
        bucket smallint NOT NULL,
        count bigint NOT NULL,
        PRIMARY KEY (receiver_id, channel, hour, bucket)
      )`);
    await q.query('CREATE INDEX latency_buckets_by_hour ON latency_buckets (hour)');
    await q.query(`
      CREATE TABLE inbox (
        message_id text PRIMARY KEY,
        processed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX inbox_by_time ON inbox (processed_at)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE inbox, latency_buckets, delivery_rollups');
  }
}

export const ANALYTICS_MIGRATIONS = [CreateDeliveryRollups1700000000501];
