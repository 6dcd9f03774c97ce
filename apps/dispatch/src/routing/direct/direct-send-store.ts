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
}

/** Direct rows not yet handed over and without a final outcome in the delivery log. */
const ORPHANS = `SELECT n.job_id, n.job, n.created_at FROM notification_log n
  WHERE n.sent_by IS NOT NULL AND n.published_at IS NULL AND n.created_at > $1 AND %s
    AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.job_id = n.job_id AND d.status = ANY($2))
  ORDER BY n.created_at LIMIT $3`;

/**
 * The state behind direct sends: which dispatch replicas are alive (`dispatch_instances`, each
 * beating), and the sweep that hands to DISPATCH the direct sends nobody will finish: those of
 * a replica that stopped beating, and, as a backstop, any older than the horizon (longer than
 * any attempt takes). `direct_send_sweep.swept_until` moves past what the backstop has seen, so
 * each row is looked at once; its row lock makes one replica sweep at a time.
 */
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
   * published and moves the checkpoint, in one transaction. Returns how many were handed over,
   * or undefined when another replica is sweeping.
   */
  async sweep(horizonMs: number, limit: number, handOver: (orphans: readonly OrphanJob[]) => Promise<void>): Promise<number | undefined> {
    return this.dataSource.transaction(async (m) => {
      const marks = await m.query<Array<{ swept_until: Date }>>('SELECT swept_until FROM direct_send_sweep WHERE id = 1 FOR UPDATE SKIP LOCKED');
      const mark = marks[0];
      if (!mark) return undefined;
      const final = [...FINAL_STATUSES];
      const dead = (await m.query<Array<{ instance: string }>>('SELECT instance FROM dispatch_instances WHERE alive_until < now()')).map((r) => r.instance);
      const ofDead =
        dead.length === 0 ? [] : await m.query<OrphanRow[]>(ORPHANS.replace('%s', 'n.sent_by = ANY($4)'), [mark.swept_until, final, limit, dead]);
      const old = await m.query<OrphanRow[]>(ORPHANS.replace('%s', `n.created_at <= now() - $4 * interval '1 millisecond'`), [mark.swept_until, final, limit, horizonMs]);
      const orphans = new Map<string, OrphanJob>();
      for (const row of [...ofDead, ...old]) {
        const job = DeliveryJob.safeParse(row.job);
        if (job.success) orphans.set(row.job_id, { job: job.data, createdAt: row.created_at });
      }
      if (orphans.size > 0) {
        await handOver([...orphans.values()]);
        await m.query('UPDATE notification_log SET published_at = now() WHERE job_id = ANY($1) AND published_at IS NULL', [[...orphans.keys()]]);
      }
      // The backstop saw everything up to the horizon, unless it stopped at the limit.
      const until = old.length === limit ? old[old.length - 1]!.created_at : undefined;
      const rows = await m.query<Array<{ swept_until: Date }>>(
        `UPDATE direct_send_sweep SET swept_until = greatest(swept_until, coalesce($1::timestamptz, now() - $2 * interval '1 millisecond'))
         WHERE id = 1 RETURNING swept_until`,
        [until ?? null, horizonMs],
      );
      // A dead replica's rows all predate its last beat: once the checkpoint is past it, it is forgotten.
      await m.query('DELETE FROM dispatch_instances WHERE alive_until < $1', [rows[0]!.swept_until]);
      return orphans.size;
    });
  }
}
