import type { MigrationInterface, QueryRunner } from 'typeorm';
import { compressWithDefault, compressWithLz4 } from '@herald/persistence';

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
 * Notification groups (grouped routes): one row per group and one per incident in it. Due
 * groups are locked with SKIP LOCKED by the flush scheduler of any replica; a group's
 * notifications are `notification_log` rows of kind `group`, written with the group's new
 * state and published after the commit, so a crash in between is repaired from the log.
 */
export class CreateNotificationGroups1700000100003 implements MigrationInterface {
  name = 'CreateNotificationGroups1700000100003';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_groups (
        group_key text PRIMARY KEY,
        receiver_id text NOT NULL,
        labels jsonb NOT NULL,
        timing jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        sequence integer NOT NULL DEFAULT 0,
        last_notified_at timestamptz,
        last_flush_at timestamptz,
        next_flush_at timestamptz
      )`);
    await q.query('CREATE INDEX notification_groups_due ON notification_groups (next_flush_at) WHERE next_flush_at IS NOT NULL');
    await q.query(`
      CREATE TABLE notification_group_members (
        group_key text NOT NULL REFERENCES notification_groups (group_key) ON DELETE CASCADE,
        incident_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('firing', 'resolved')),
        notified text CHECK (notified IN ('firing', 'resolved')),
        version integer NOT NULL,
        changed_at timestamptz NOT NULL,
        message jsonb NOT NULL,
        PRIMARY KEY (group_key, incident_id)
      )`);
    await q.query('ALTER TABLE notification_log DROP CONSTRAINT notification_log_kind_check');
    await q.query(`ALTER TABLE notification_log ADD CONSTRAINT notification_log_kind_check CHECK (kind IN ('event', 'repeat', 'replay', 'group'))`);
    // Group notifications committed but not yet published (a crash between commit and publish): the scheduler's repair pass.
    await q.query(`CREATE INDEX notification_log_group_unpublished ON notification_log (created_at) WHERE kind = 'group' AND published_at IS NULL`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX notification_log_group_unpublished');
    await q.query(`DELETE FROM notification_log WHERE kind = 'group'`);
    await q.query('ALTER TABLE notification_log DROP CONSTRAINT notification_log_kind_check');
    await q.query(`ALTER TABLE notification_log ADD CONSTRAINT notification_log_kind_check CHECK (kind IN ('event', 'repeat', 'replay'))`);
    await q.query('DROP TABLE notification_group_members');
    await q.query('DROP TABLE notification_groups');
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

/** The notification log's jobs and the snapshots routing keeps: lz4 where the server has it (see `compressWithLz4`). */
export class RoutingLz4Compression1700000100400 implements MigrationInterface {
  name = 'RoutingLz4Compression1700000100400';
  async up(q: QueryRunner): Promise<void> {
    await compressWithLz4(q, 'notification_log', ['job']);
    await compressWithLz4(q, 'incident_snapshots', ['snapshot']);
  }
  async down(q: QueryRunner): Promise<void> {
    await compressWithDefault(q, 'notification_log', ['job']);
    await compressWithDefault(q, 'incident_snapshots', ['snapshot']);
  }
}

export const ROUTING_MIGRATIONS = [CreateRoutingState1700000100002, CreateNotificationGroups1700000100003, AddDirectSends1700000100030, CreateEscalationState1700000100302, RoutingLz4Compression1700000100400];
