import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `slack_threads`: the first message Herald posted about an incident to a Slack receiver with a
 * bot token (its channel and `ts`), so the incident's later updates reply in that thread. Rows
 * go with the delivery log's retention (`created_at`).
 */
export class CreateSlackThreads1700000000504 implements MigrationInterface {
  name = 'CreateSlackThreads1700000000504';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE slack_threads (
        receiver_id text NOT NULL,
        incident_id uuid NOT NULL,
        channel text NOT NULL,
        ts text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (receiver_id, incident_id)
      )`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE slack_threads');
  }
}
