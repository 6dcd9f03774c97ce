import type { MigrationInterface, QueryRunner } from 'typeorm';
import { compressWithDefault, compressWithLz4 } from '@herald/persistence';

/** SQLSTATE of a wrong guess that a batch's dedup keys were new (user-defined class HG). */
export const NEW_INCIDENTS_GUESS_WRONG = 'HG001';

/**
 * The event store is also the outbox: `transaction_id` (xid8) lets the relay
 * publish in commit order, never skipping an event whose transaction committed late.
 */
export class CreateEventStore1700000000101 implements MigrationInterface {
  name = 'CreateEventStore1700000000101';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE events (
        position bigserial PRIMARY KEY,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        id uuid NOT NULL UNIQUE,
        stream_id uuid NOT NULL,
        version integer NOT NULL,
        type text NOT NULL,
        event jsonb NOT NULL,
        snapshot jsonb NOT NULL,
        alert_received_at timestamptz,
        correlation_id text,
        occurred_at timestamptz NOT NULL,
        UNIQUE (stream_id, version)
      )`);
    await q.query('CREATE INDEX events_outbox_order ON events (transaction_id, position)');
    await q.query(`
      CREATE TABLE incidents (
        id uuid PRIMARY KEY,
        dedup_key text NOT NULL,
        integration_id text NOT NULL,
        source text NOT NULL,
        status text NOT NULL,
        severity text NOT NULL,
        summary text NOT NULL,
        service text,
        labels jsonb NOT NULL,
        alert_count integer NOT NULL,
        flapping boolean NOT NULL,
        opened_at timestamptz NOT NULL,
        last_alert_at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        resolved_at timestamptz,
        next_timer_at timestamptz,
        version integer NOT NULL,
        state jsonb NOT NULL
      )`);
    await q.query('CREATE INDEX incidents_by_key ON incidents (dedup_key, opened_at DESC)');
    // At most one open incident per dedup key: two replicas racing on a new key cannot both open one.
    await q.query(`CREATE UNIQUE INDEX incidents_one_open_per_key ON incidents (dedup_key) WHERE status <> 'resolved'`);
    await q.query('CREATE INDEX incidents_timers ON incidents (next_timer_at) WHERE next_timer_at IS NOT NULL');
    await q.query('CREATE INDEX incidents_list ON incidents (opened_at DESC, id DESC)');
    await q.query(`
      CREATE TABLE inbox (
        message_id text PRIMARY KEY,
        processed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE relay_checkpoint (
        name text PRIMARY KEY,
        transaction_id xid8 NOT NULL,
        position bigint NOT NULL
      )`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE relay_checkpoint, inbox, incidents, events');
  }
}

/** Lets the timer scheduler prune old inbox rows without scanning the table. */
export class IndexInboxAge1700000000102 implements MigrationInterface {
  name = 'IndexInboxAge1700000000102';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX inbox_processed_at ON inbox (processed_at)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX inbox_processed_at');
  }
}

/** The span that caused an event, so the relay publishes it inside the same trace. */
export class EventTraceparent1700000000103 implements MigrationInterface {
  name = 'EventTraceparent1700000000103';
  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE events ADD COLUMN traceparent text');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE events DROP COLUMN traceparent');
  }
}

/** Events and incident states: lz4 where the server has it (see `compressWithLz4`). */
export class EventStoreLz4Compression1700000000104 implements MigrationInterface {
  name = 'EventStoreLz4Compression1700000000104';
  async up(q: QueryRunner): Promise<void> {
    await compressWithLz4(q, 'events', ['event', 'snapshot']);
    await compressWithLz4(q, 'incidents', ['state', 'labels']);
  }
  async down(q: QueryRunner): Promise<void> {
    await compressWithDefault(q, 'events', ['event', 'snapshot']);
    await compressWithDefault(q, 'incidents', ['state', 'labels']);
  }
}

/**
 * The check behind a batch that guessed its dedup keys new (IncidentStore.expectNewIncidents):
 * raises NEW_INCIDENTS_GUESS_WRONG, which aborts the transaction, when the guess was wrong.
 */
export class ExpectNewIncidents1700000000105 implements MigrationInterface {
  name = 'ExpectNewIncidents1700000000105';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION expect_new_incidents(messages_new boolean, keys_new boolean) RETURNS boolean
      LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT messages_new THEN
          RAISE EXCEPTION 'an alert of the batch was recorded before' USING ERRCODE = '${NEW_INCIDENTS_GUESS_WRONG}';
        END IF;
        IF NOT keys_new THEN
          RAISE EXCEPTION 'a dedup key of the batch has an incident' USING ERRCODE = '${NEW_INCIDENTS_GUESS_WRONG}';
        END IF;
        RETURN true;
      END $$`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION expect_new_incidents(boolean, boolean)');
  }
}

export const INCIDENTS_MIGRATIONS = [
  CreateEventStore1700000000101,
  IndexInboxAge1700000000102,
  EventTraceparent1700000000103,
  EventStoreLz4Compression1700000000104,
  ExpectNewIncidents1700000000105,
];
