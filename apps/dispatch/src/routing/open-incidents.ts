import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { IncidentSnapshot, type IncidentEventMessage } from '@herald/contracts';
import { LOGGER, type Logger } from '@herald/observability';
import { queryPrepared } from '@herald/persistence';
import { CONFIG_CACHE_OPTIONS, type ConfigCacheOptions } from '../receivers/config-cache.js';
import { newestPerIncident, snapshotRowsParameter, upsertSnapshots, writtenMessages } from './snapshot-rows.js';

interface Row {
  incident_id: string;
  version: number;
  snapshot: unknown;
}

/** Resolved incidents are kept this long, so a late, older event cannot bring one back as open. */
const RESOLVED_RETENTION = '1 day';
/**
 * How often old resolved snapshots are pruned. The prune scans the table, so it runs on its
 * own slow timer, not with every refresh of the view (a scan every few seconds was a
 * measurable share of PostgreSQL's CPU in a storm).
 */
const PRUNE_EVERY_MS = 600_000;

/**
 * The incidents currently open (triggered or acknowledged), the sources inhibition rules
 * look at. Fed by the incident events the router consumes and written through to
 * PostgreSQL (`incident_snapshots`, newest version wins), so the view is rebuilt from the
 * table and re-read on a timer: another replica consuming part of the events keeps this
 * one's view complete. Incidents opened before dispatch first ran are learnt from their
 * next event.
 *
 * The in-memory view is kept only while inhibit rules exist (`track`): nothing else reads it,
 * and in a storm of distinct alerts it would hold every open incident (the table is always
 * written, so the view can be rebuilt the moment a rule appears).
 */
@Injectable()
export class OpenIncidents implements OnModuleInit, OnApplicationShutdown {
  private open = new Map<string, { version: number; snapshot: IncidentSnapshot }>();
  private timer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private tracking = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CONFIG_CACHE_OPTIONS) private readonly options: ConfigCacheOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.refresh().catch((error: unknown) => this.logger.warn({ err: error }, 'open incidents reload failed')), this.options.refreshMs);
    this.timer.unref();
    this.pruneTimer = setInterval(() => void this.prune().catch((error: unknown) => this.logger.warn({ err: error }, 'pruning resolved incident snapshots failed')), PRUNE_EVERY_MS);
    this.pruneTimer.unref();
  }

  /**
   * Keeps the in-memory view while `needed` (inhibit rules exist), loading it from the table
   * when it starts being needed, and drops it when it stops.
   */
  async track(needed: boolean): Promise<void> {
    if (needed === this.tracking) return;
    if (needed) {
      await this.reload();
      this.tracking = true;
    } else {
      this.tracking = false;
      this.open = new Map();
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    clearInterval(this.pruneTimer);
  }

  list(): IncidentSnapshot[] {
    return [...this.snapshots()];
  }

  /** The open incidents, without copying them: routing looks at them only when an inhibition rule may apply. */
  *snapshots(): IterableIterator<IncidentSnapshot> {
    for (const entry of this.open.values()) yield entry.snapshot;
  }

  /**
   * Records the incident as this event leaves it, unless a newer version is already known;
   * pass the transaction to make it part of a larger write. Memory follows once `record`
   * resolves, so call it after the commit when inside a transaction (see `remember`).
   */
  async record(message: IncidentEventMessage, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const { event, incident } = message;
    const written = await manager.query<unknown[]>(
      `INSERT INTO incident_snapshots (incident_id, version, status, snapshot) VALUES ($1, $2, $3, $4)
       ON CONFLICT (incident_id) DO UPDATE SET version = EXCLUDED.version, status = EXCLUDED.status, snapshot = EXCLUDED.snapshot, updated_at = now()
       WHERE incident_snapshots.version < EXCLUDED.version
       RETURNING incident_id`,
      [incident.id, event.version, incident.status, incident],
    );
    // Nothing written: the table knows a newer version (perhaps resolved), which memory must not undo.
    if (written.length === 0) return false;
    if (manager === this.dataSource.manager) this.remember(message);
    return true;
  }

  /**
   * `record` for a batch of events in one statement: per incident only the newest version in
   * the batch is written. Returns the messages whose version was written; pass them to
   * `remember` once the transaction has committed.
   */
  async recordAll(messages: readonly IncidentEventMessage[], manager: EntityManager): Promise<IncidentEventMessage[]> {
    const newest = newestPerIncident(messages);
    if (newest.size === 0) return [];
    const written = await queryPrepared<{ incident_id: string }>(manager, upsertSnapshots(1), [snapshotRowsParameter(newest)]);
    return writtenMessages(newest, written.map((r) => r.incident_id));
  }

  /**
   * The open incidents as routing should see them while it works through a batch: memory,
   * overlaid with the batch's own incidents planned so far (not yet committed).
   */
  *snapshotsWith(overlay: ReadonlyMap<string, IncidentSnapshot>): IterableIterator<IncidentSnapshot> {
    for (const [id, entry] of this.open) if (!overlay.has(id)) yield entry.snapshot;
    for (const snapshot of overlay.values()) if (snapshot.status !== 'resolved') yield snapshot;
  }

  /** Updates memory after a committed `record` (while the view is kept). */
  remember(message: IncidentEventMessage): void {
    if (this.tracking) this.apply(message.incident.id, message.event.version, message.incident);
  }

  /** The timer's pass: re-reads the view while it is kept. */
  private async refresh(): Promise<void> {
    if (this.tracking) await this.reload();
  }

  private async prune(): Promise<void> {
    await this.dataSource.query(`DELETE FROM incident_snapshots WHERE status = 'resolved' AND updated_at < now() - interval '${RESOLVED_RETENTION}'`);
  }

  async reload(): Promise<void> {
    const rows = await this.dataSource.query<Row[]>(`SELECT incident_id, version, snapshot FROM incident_snapshots WHERE status <> 'resolved'`);
    const next = new Map<string, { version: number; snapshot: IncidentSnapshot }>();
    for (const row of rows) {
      const parsed = IncidentSnapshot.safeParse(row.snapshot);
      if (parsed.success) next.set(row.incident_id, { version: row.version, snapshot: parsed.data });
    }
    this.open = next;
  }

  private apply(id: string, version: number, incident: IncidentSnapshot): void {
    const known = this.open.get(id);
    if (known && known.version >= version) return;
    if (incident.status === 'resolved') this.open.delete(id);
    else this.open.set(id, { version, snapshot: incident });
  }
}
