import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeliveryJob } from '@herald/contracts';
import { FINAL_STATUSES } from '../../delivery/log/delivery-log.js';

/** A direct send left without an outcome, to be handed to DISPATCH. */
export interface OrphanJob {
  readonly job: DeliveryJob;
  readonly createdAt: Date;
}

interface OrphanRow {
  job_id: string;
  job: unknown;
  created_at: Date;
  /** created_at to the microsecond (a Date keeps milliseconds), for the checkpoint. */
  at: string;
}

/** What one sweep did; undefined from `sweep` when another replica is sweeping. */
export interface SweepPass {
  readonly handed: number;
  /** Older direct sends are still to be looked at: sweep again at once. */
  readonly more: boolean;
}

/** Direct rows not yet handed over and without a final outcome in the delivery log. */
const ORPHANS = `SELECT n.job_id, n.job, n.created_at, n.created_at::text AS at FROM notification_log n
  WHERE n.sent_by IS NOT NULL AND n.published_at IS NULL AND n.created_at > $1 AND %s
    AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.job_id = n.job_id AND d.status = ANY($2))
  ORDER BY n.created_at LIMIT $3`;

/**
 * Where this pass of the backstop ends: the horizon, or sooner, at the instant of the SCAN-th
 * direct row after the checkpoint. Every direct row is looked at once as it passes the horizon;
 * after a burst, one statement over all the rows that passed it since the last beat took 40 ms
 * of a core (50,000 alerts, 9,000 rows), enough to show in the latency of alerts arriving then.
 * A chunk takes every row of its last instant (a batch's rows share one), so none is skipped.
 */
const CHUNK_END = `SELECT (SELECT n.created_at FROM notification_log n
     WHERE n.sent_by IS NOT NULL AND n.published_at IS NULL AND n.created_at > $1 AND n.created_at <= now() - $2 * interval '1 millisecond'
     ORDER BY n.created_at OFFSET $3 LIMIT 1)::text AS chunk_end,
  (now() - $2 * interval '1 millisecond')::text AS horizon`;

/** Direct rows the backstop looks at per statement, at most (about 4 µs each), plus their last instant's. */
const SCAN = 1_000;

@Injectable()
export class DirectSendStore {
  constructor(private readonly dataSource: DataSource) {}

  async beat(instance: string, ttlMs: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO dispatch_instances (instance, alive_until) VALUES ($1, now() + $2 * interval '1 millisecond')
       ON CONFLICT (instance) DO UPDATE SET alive_until = EXCLUDED.alive_until`,
      [instance, ttlMs],
    );
  }

  /** A replica shutting down: its leftovers (if any) are swept at once rather than after its TTL. */
  async retire(instance: string): Promise<void> {
    await this.dataSource.query(`UPDATE dispatch_instances SET alive_until = now() - interval '1 millisecond' WHERE instance = $1`, [instance]);
  }

  /**
   * One sweep: finds the orphans, gives them to `handOver` (which publishes them), marks them
   * published and moves the checkpoint, in one transaction. Returns how many were handed over
   * and whether there is more to look at, or undefined when another replica is sweeping.
   */
  async sweep(horizonMs: number, limit: number, handOver: (orphans: readonly OrphanJob[]) => Promise<void>): Promise<SweepPass | undefined> {
    return this.dataSource.transaction(async (m) => {
      const marks = await m.query<Array<{ swept_until: string }>>('SELECT swept_until::text FROM direct_send_sweep WHERE id = 1 FOR UPDATE SKIP LOCKED');
      const mark = marks[0]?.swept_until;
      if (mark === undefined) return undefined;
      const final = [...FINAL_STATUSES];
      const dead = (await m.query<Array<{ instance: string }>>('SELECT instance FROM dispatch_instances WHERE alive_until < now()')).map((r) => r.instance);
      const ofDead = dead.length === 0 ? [] : await m.query<OrphanRow[]>(ORPHANS.replace('%s', 'n.sent_by = ANY($4)'), [mark, final, limit, dead]);
      const [bounds] = await m.query<Array<{ chunk_end: string | null; horizon: string }>>(CHUNK_END, [mark, horizonMs, SCAN - 1]);
      const end = bounds!.chunk_end ?? bounds!.horizon;
      const old = await m.query<OrphanRow[]>(ORPHANS.replace('%s', 'n.created_at <= $4::timestamptz'), [mark, final, limit, end]);
      const orphans = new Map<string, OrphanJob>();
      for (const row of [...ofDead, ...old]) {
        const job = DeliveryJob.safeParse(row.job);
        if (job.success) orphans.set(row.job_id, { job: job.data, createdAt: row.created_at });
      }
      if (orphans.size > 0) {
        await handOver([...orphans.values()]);
        await m.query('UPDATE notification_log SET published_at = now() WHERE job_id = ANY($1) AND published_at IS NULL', [[...orphans.keys()]]);
      }
      // Stopped at the limit: up to just before the last orphan's instant, whose other rows are
      // looked at again (those handed over are published now, so each pass gets further).
      const full = old.length === limit;
      const rows = await m.query<Array<{ swept_until: Date }>>(
        `UPDATE direct_send_sweep SET swept_until = greatest(swept_until, $1::timestamptz - $2 * interval '1 microsecond')
         WHERE id = 1 RETURNING swept_until`,
        [full ? old[old.length - 1]!.at : end, full ? 1 : 0],
      );
      // A dead replica's rows all predate its last beat: once the checkpoint is past it, it is forgotten.
      await m.query('DELETE FROM dispatch_instances WHERE alive_until < $1', [rows[0]!.swept_until]);
      return { handed: orphans.size, more: full || bounds!.chunk_end !== null };
    });
  }
}
