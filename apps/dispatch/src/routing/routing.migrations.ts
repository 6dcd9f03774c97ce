import type { MigrationInterface, QueryRunner } from 'typeorm';

/** State the router keeps: incidents as last seen, the notification log, repeat bookkeeping. */
export class CreateRoutingState1700000100002 implements MigrationInterface {
  name = 'CreateRoutingState1700000100002';
  async up(q: QueryRunner): Promise<void> {
    // Latest snapshot per incident (resolved ones kept a while, so a late event cannot reopen them here).
    await q.query(`
      CREATE TABLE incident_snapshots (
        incident_id uuid PRIMARY KEY,
        version integer NOT NULL,
        status text NOT NULL,
        snapshot jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX incident_snapshots_open ON incident_snapshots (status) WHERE status <> 'resolved'`);
    // One row per job ever created: the same (event, receiver) is never notified twice, and replays find the job here.
    await q.query(`
      CREATE TABLE notification_log (
        job_id text PRIMARY KEY,
        root_job_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('event', 'repeat', 'replay')),
        incident_id uuid NOT NULL,
        event_id uuid NOT NULL,
        receiver_id text NOT NULL,
        channel text NOT NULL,
        job jsonb NOT NULL,
        muted_by text,
        muted_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await q.query('CREATE INDEX notification_log_root ON notification_log (root_job_id)');
    await q.query('CREATE INDEX notification_log_receiver ON notification_log (receiver_id, created_at)');
    await q.query(`
      CREATE TABLE repeat_state (
        incident_id uuid NOT NULL,
        receiver_id text NOT NULL,
        event jsonb NOT NULL,
        sequence integer NOT NULL DEFAULT 0,
        last_notified_at timestamptz NOT NULL,
        next_repeat_at timestamptz NOT NULL,
        PRIMARY KEY (incident_id, receiver_id)
      )`);
    await q.query('CREATE INDEX repeat_state_due ON repeat_state (next_repeat_at)');
  }
  async down(q: QueryRunner): Promise<void> {
    for (const table of ['repeat_state', 'notification_log', 'incident_snapshots']) await q.query(`DROP TABLE ${table}`);
  }
}

/**
 * Direct sends: a notification whose first attempt routing makes itself (no DISPATCH message)
 * names the replica that took it (`sent_by`); replicas beat in `dispatch_instances`; the sweep
 * hands to DISPATCH whatever a replica that stopped beating left without an outcome, and past
 * `direct_send_sweep.swept_until` nothing is looked at again.
 */
export class AddDirectSends1700000100030 implements MigrationInterface {
  name = 'AddDirectSends1700000100030';
  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE notification_log ADD COLUMN sent_by text');
    await q.query('CREATE INDEX notification_log_direct ON notification_log (created_at) WHERE sent_by IS NOT NULL AND published_at IS NULL');
    await q.query('CREATE TABLE dispatch_instances (instance text PRIMARY KEY, alive_until timestamptz NOT NULL)');
    await q.query('CREATE TABLE direct_send_sweep (id smallint PRIMARY KEY CHECK (id = 1), swept_until timestamptz NOT NULL)');
    await q.query('INSERT INTO direct_send_sweep (id, swept_until) VALUES (1, now())');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE direct_send_sweep');
    await q.query('DROP TABLE dispatch_instances');
    await q.query('DROP INDEX notification_log_direct');
    await q.query('ALTER TABLE notification_log DROP COLUMN sent_by');
  }
}

/**
 * Escalation timers: per incident, the next step of its escalation policy and when it is due.
 * The scheduler locks due rows with SKIP LOCKED, so each step is sent once across replicas.
 */
export class CreateEscalationState1700000100302 implements MigrationInterface {
  name = 'CreateEscalationState1700000100302';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE escalation_state (
        incident_id uuid PRIMARY KEY,
        policy_id text NOT NULL,
        episode integer NOT NULL,
        round integer NOT NULL,
        step integer NOT NULL,
        due_at timestamptz NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX escalation_state_due ON escalation_state (due_at)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE escalation_state');
  }
}

export const ROUTING_MIGRATIONS = [CreateRoutingState1700000100002, AddDirectSends1700000100030, CreateEscalationState1700000100302];
