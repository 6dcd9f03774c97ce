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

export const ROUTING_MIGRATIONS = [CreateRoutingState1700000100002, CreateNotificationGroups1700000100003];
