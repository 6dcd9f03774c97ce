import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What dispatch has learnt about each receiver's endpoint, kept across restarts.
 *
 * `receiver_state`: `disabled_at`/`disabled_reason` are set when the endpoint answered 410
 * (`gone`) or kept failing for the receiver's disable period (`failing`); a disabled receiver
 * gets no sends until someone resets the row (`ReceiverHealth.reset`, which also NOTIFYs).
 * `failing_since` starts with the first of an unbroken run of recoverable failures. The
 * circuit columns mirror the breaker (`closed`, `open`, `half_open`). `revision` grows with
 * every write so a replica can tell a change made elsewhere from its own.
 *
 * `receiver_rate_windows`: fixed-window counters (clock minute and hour) for receivers
 * with rate limits, shared by every replica.
 */
export class CreateReceiverState1700000000502 implements MigrationInterface {
  name = 'CreateReceiverState1700000000502';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE receiver_state (
        receiver_id text PRIMARY KEY,
        disabled_at timestamptz,
        disabled_reason text CHECK (disabled_reason IN ('gone', 'failing')),
        disabled_detail text,
        failing_since timestamptz,
        circuit_status text NOT NULL DEFAULT 'closed' CHECK (circuit_status IN ('closed', 'open', 'half_open')),
        circuit_opened_at timestamptz,
        consecutive_failures integer NOT NULL DEFAULT 0,
        revision bigint NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE receiver_rate_windows (
        receiver_id text PRIMARY KEY,
        minute_start timestamptz NOT NULL,
        minute_count integer NOT NULL,
        hour_start timestamptz NOT NULL,
        hour_count integer NOT NULL
      )`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE receiver_rate_windows, receiver_state');
  }
}
