import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { IncidentEventMessage, type IncidentEvent, type IncidentSnapshot } from '@herald/contracts';
import { Publisher } from '@herald/messaging';
import { gauge, HealthChecks, LOGGER, Registry, counter, type Logger } from '@herald/observability';
import { NotificationListener } from '@herald/persistence';

export const RELAY_DATABASE_URL = Symbol('RELAY_DATABASE_URL');

interface OutboxRow {
  position: string;
  transaction_id: string;
  event: IncidentEvent;
  snapshot: IncidentSnapshot;
  alert_received_at: Date | null;
  correlation_id: string | null;
}

const BATCH = 200;
const POLL_MS = 1_000;
/** Any fixed 64-bit number: the relay's leadership lock among replicas. */
const RELAY_LOCK_ID = 4_815_162_342;

/**
 * Publishes committed incident events to `incidents.events.<id>` in commit order,
 * with `Nats-Msg-Id` = event id. Reads only events whose transactions are below
 * the oldest running transaction (`pg_snapshot_xmin`), so a slow transaction's
 * event is never skipped. A crash between publish and checkpoint republishes,
 * and JetStream drops the duplicate. One replica relays at a time (advisory lock).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private listener: NotificationListener | undefined;
  private lockClient: pg.Client | undefined;
  private leader = false;
  private stopping = false;
  private wake: (() => void) | undefined;
  private pendingWake = false;
  private loop: Promise<void> | undefined;
  private readonly metrics;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: Publisher,
    @Inject(RELAY_DATABASE_URL) private readonly url: string,
    @Inject(LOGGER) private readonly logger: Logger,
    registry: Registry,
    health: HealthChecks,
  ) {
    this.metrics = {
      published: counter(registry, { name: 'herald_outbox_published_total', help: 'Incident events relayed to JetStream' }),
      lag: gauge(registry, { name: 'herald_outbox_lag_events', help: 'Committed incident events not yet relayed (on the relaying replica)' }),
      leader: gauge(registry, { name: 'herald_outbox_relay_leader', help: '1 on the replica that currently relays the outbox' }),
    };
    health.register('outbox-relay', () => !this.stopping && this.loop !== undefined);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.listener = new NotificationListener(this.url, 'incident_events', () => this.poke(), (error) => this.logger.warn({ err: error }, 'outbox listener error'));
    await this.listener.start();
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.poke();
    await this.loop;
    await this.listener?.stop();
    await this.lockClient?.end().catch(() => undefined);
  }

  private poke(): void {
    this.pendingWake = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        if (!this.leader) await this.tryLead();
        if (this.leader) {
          let published: number;
          do published = await this.relayBatch();
          while (published === BATCH && !this.stopping);
        }
      } catch (error) {
        this.logger.warn({ err: error }, 'outbox relay pass failed; retrying');
        await this.dropLeadership();
      }
      await this.idle();
    }
  }

  private async idle(): Promise<void> {
    if (this.pendingWake || this.stopping) {
      this.pendingWake = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, POLL_MS);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
    this.pendingWake = false;
  }

  private async tryLead(): Promise<void> {
    if (!this.lockClient) {
      const client = new pg.Client({ connectionString: this.url, application_name: 'herald-incidents-relay' });
      client.on('error', () => void this.dropLeadership());
      await client.connect();
      this.lockClient = client;
    }
    const rows = await this.lockClient.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [RELAY_LOCK_ID]);
    this.leader = rows.rows[0]?.locked === true;
    this.metrics.leader.set(this.leader ? 1 : 0);
  }

  private async dropLeadership(): Promise<void> {
    this.leader = false;
    this.metrics.leader.set(0);
    const client = this.lockClient;
    this.lockClient = undefined;
    await client?.end().catch(() => undefined);
  }

  /** Publishes up to BATCH events after the checkpoint; returns how many. */
  private async relayBatch(): Promise<number> {
    const checkpoint: Array<{ transaction_id: string; position: string }> = await this.dataSource.query(
      `SELECT transaction_id::text, position::text FROM relay_checkpoint WHERE name = 'incidents'`,
    );
    const from = checkpoint[0] ?? { transaction_id: '0', position: '0' };
    const rows: OutboxRow[] = await this.dataSource.query(
      `SELECT position::text, transaction_id::text, event, snapshot, alert_received_at, correlation_id
         FROM events
        WHERE (transaction_id, position) > ($1::xid8, $2::bigint)
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY transaction_id, position
        LIMIT ${BATCH}`,
      [from.transaction_id, from.position],
    );
    for (const row of rows) {
      const message = IncidentEventMessage.parse({
        event: row.event,
        incident: row.snapshot,
        ...(row.alert_received_at ? { alertReceivedAt: row.alert_received_at.toISOString() } : {}),
      });
      await this.publisher.publish('incidentEvent', message, row.correlation_id ? { correlationId: row.correlation_id } : {});
      this.metrics.published.inc();
    }
    const last = rows.at(-1);
    if (last) {
      await this.dataSource.query(
        `INSERT INTO relay_checkpoint (name, transaction_id, position) VALUES ('incidents', $1::xid8, $2::bigint)
         ON CONFLICT (name) DO UPDATE SET transaction_id = EXCLUDED.transaction_id, position = EXCLUDED.position`,
        [last.transaction_id, last.position],
      );
    }
    await this.updateLag(last ?? from);
    return rows.length;
  }

  private async updateLag(from: { transaction_id: string; position: string }): Promise<void> {
    const rows: Array<{ n: string }> = await this.dataSource.query(
      `SELECT count(*)::text AS n FROM events WHERE (transaction_id, position) > ($1::xid8, $2::bigint)`,
      [from.transaction_id, from.position],
    );
    this.metrics.lag.set(Number(rows[0]?.n ?? 0));
  }
}
