import { Inject, Injectable } from '@nestjs/common';
import { counter, gauge, LOGGER, Registry, type Logger } from '@herald/observability';
import { HeartbeatStore } from './heartbeat-store.js';

/**
 * Heartbeat metrics. The last ping and whether a heartbeat is missing are read from PostgreSQL
 * at scrape, so every replica reports every heartbeat's figure (aggregate with max, not sum);
 * pings and misses are counted by the replica that handled them. `integration` is an
 * integration id: bounded by configuration, never by traffic.
 */
@Injectable()
export class HeartbeatMetrics {
  private readonly pings;
  private readonly misses;

  constructor(registry: Registry, store: HeartbeatStore, @Inject(LOGGER) logger: Logger) {
    this.pings = counter(registry, { name: 'herald_heartbeat_pings_total', help: 'Heartbeat pings accepted (answered 2xx), by heartbeat integration', labelNames: ['integration'] });
    this.misses = counter(registry, {
      name: 'herald_heartbeat_misses_total',
      help: 'Missed heartbeats announced by this replica (each opens an incident), by heartbeat integration',
      labelNames: ['integration'],
    });
    // One read serves both gauges of a scrape (each collects on its own).
    let reading: ReturnType<HeartbeatStore['lastPings']> | undefined;
    const read = () => {
      reading ??= store.lastPings().finally(() => setTimeout(() => (reading = undefined), 500).unref());
      return reading;
    };
    const fromState = (name: string, help: string, value: (row: Awaited<ReturnType<HeartbeatStore['lastPings']>>[number]) => number) =>
      gauge(registry, {
        name,
        help,
        labelNames: ['integration'],
        async collect() {
          try {
            const rows = await read();
            // A deleted heartbeat leaves the exposition rather than staying at its last value.
            this.reset();
            for (const row of rows) this.set({ integration: row.integrationId }, value(row));
          } catch (error) {
            logger.warn({ err: error }, 'could not read heartbeat state for the metrics');
          }
        },
      });
    fromState(
      'herald_heartbeat_last_ping_timestamp_seconds',
      'When each heartbeat integration last pinged, Unix time (the same on every replica: aggregate with max)',
      (row) => row.lastPingAt.getTime() / 1_000,
    );
    fromState(
      'herald_heartbeat_missing',
      '1 while a heartbeat is missed (its incident open), else 0 (the same on every replica: aggregate with max)',
      (row) => (row.missing ? 1 : 0),
    );
  }

  pinged(integrationId: string): void {
    this.pings.inc({ integration: integrationId });
  }

  missed(integrationId: string): void {
    this.misses.inc({ integration: integrationId });
  }
}
