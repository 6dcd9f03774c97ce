import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { IncidentSnapshot, type IncidentEventMessage } from '@herald/contracts';
import { LOGGER, type Logger } from '@herald/observability';
import { CONFIG_CACHE_OPTIONS, type ConfigCacheOptions } from '../receivers/config-cache.js';

interface Row {
  incident_id: string;
  version: number;
  snapshot: unknown;
}

/** Resolved incidents are kept this long, so a late, older event cannot bring one back as open. */
const RESOLVED_RETENTION = '1 day';

/**
 * The incidents currently open (triggered or acknowledged), the sources inhibition rules
 * look at. Fed by the incident events the router consumes and written through to
 * PostgreSQL (`incident_snapshots`, newest version wins), so the map is rebuilt from the
 * table at start and re-read on a timer: another replica consuming part of the events keeps
 * this one's view complete. Incidents opened before dispatch first ran are learnt from their
 * next event.
 */
@Injectable()
export class OpenIncidents implements OnModuleInit, OnApplicationShutdown {
  private open = new Map<string, { version: number; snapshot: IncidentSnapshot }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CONFIG_CACHE_OPTIONS) private readonly options: ConfigCacheOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => void this.reload().catch((error: unknown) => this.logger.warn({ err: error }, 'open incidents reload failed')), this.options.refreshMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  list(): IncidentSnapshot[] {
    return [...this.open.values()].map((e) => e.snapshot);
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

  /** Updates memory after a committed `record`. */
  remember(message: IncidentEventMessage): void {
    this.apply(message.incident.id, message.event.version, message.incident);
  }

  async reload(): Promise<void> {
    await this.dataSource.query(`DELETE FROM incident_snapshots WHERE status = 'resolved' AND updated_at < now() - interval '${RESOLVED_RETENTION}'`);
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
