// Driving the incidents service directly: canonical alerts published into a stack's ALERTS
// stream (as ingestion would), and everything the service put on INCIDENTS read back.
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { alertChunks, IncidentEvents, MESSAGES, type CanonicalAlert, type IncidentEventMessage } from '@herald/contracts';
import { JetStreamConnection, Publisher, Topology } from '@herald/messaging';
import { NATS_URL } from './stack.js';

export function canonicalAlert(overrides: Partial<CanonicalAlert> = {}): CanonicalAlert {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    rawId: randomUUID(),
    integrationId: 'e2e-integration',
    source: 'alertmanager',
    action: 'trigger',
    dedupKey: 'e2e-key',
    severity: 'warning',
    summary: 'e2e alert',
    service: 'checkout',
    labels: { alertname: 'E2E' },
    annotations: {},
    details: {},
    links: [],
    occurredAt: now,
    receivedAt: now,
    ...overrides,
  };
}

/** One event on INCIDENTS, with the message (sequence, id) of the run that carries it. */
export interface StreamedEvent {
  readonly seq: number;
  readonly msgId: string;
  /** The id the run's message should have (MESSAGES.incidentEvents.id: a lone event's own id). */
  readonly runId: string;
  readonly message: IncidentEventMessage;
}

/** A NATS client in a stack's namespace: publishes canonical alerts, reads INCIDENTS. */
export class IncidentsDriver {
  /** How far `incidentEventCount` has read. */
  private readonly counted = { seq: 0, events: 0 };

  private constructor(
    readonly connection: JetStreamConnection,
    readonly topology: Topology,
    readonly publisher: Publisher,
  ) {}

  static async connect(namespace: string): Promise<IncidentsDriver> {
    const connection = await JetStreamConnection.connect({ url: NATS_URL, name: 'herald-e2e-incidents', logger: pino({ level: 'silent' }) });
    const topology = new Topology(namespace);
    return new IncidentsDriver(connection, topology, new Publisher(connection, topology, '/herald/ingestion'));
  }

  /**
   * Publishes each alert as its own message (a batch of one, as a heartbeat's alert travels),
   * with up to `inFlight` PubAcks outstanding; resolves when all are stored.
   */
  async publish(alerts: readonly CanonicalAlert[], inFlight = 64): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(inFlight, alerts.length) }, async () => {
        while (next < alerts.length) {
          const alert = alerts[next]!;
          next += 1;
          await this.publisher.publish('canonicalAlerts', { alerts: [alert] });
        }
      }),
    );
  }

  /**
   * Publishes the alerts as ingestion does for one request: in chunks (alertChunks), many to a
   * message, at most `maxAlerts` each. Returns the messages published.
   */
  async publishChunked(alerts: readonly CanonicalAlert[], maxAlerts?: number): Promise<number> {
    const chunks = alertChunks(alerts, maxAlerts === undefined ? {} : { maxAlerts });
    await this.publisher.publishAll(chunks.map((chunk) => ({ kind: 'canonicalAlerts' as const, payload: { alerts: chunk } })));
    return chunks.length;
  }

  /**
   * Incident events on INCIDENTS, counted over every run (0 when the stream is not there yet).
   * Reads only the messages stored since the last call.
   */
  async incidentEventCount(): Promise<number> {
    const stream = this.topology.stream('INCIDENTS');
    let last: number;
    try {
      last = (await this.connection.jsm.streams.info(stream)).state.last_seq;
    } catch {
      return 0;
    }
    for (let seq = this.counted.seq + 1; seq <= last; seq += 1) {
      const stored = await this.connection.jsm.streams.getMessage(stream, { seq });
      if (stored) this.counted.events += stored.json<{ events?: unknown[] }>().events?.length ?? 1;
      this.counted.seq = seq;
    }
    return this.counted.events;
  }

  /** Every event on INCIDENTS, in stream order. */
  async incidentEvents(): Promise<StreamedEvent[]> {
    const stream = this.topology.stream('INCIDENTS');
    const { state } = await this.connection.jsm.streams.info(stream);
    const out: StreamedEvent[] = [];
    if (state.messages === 0) return out;
    let next = state.first_seq;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next <= state.last_seq) {
          const seq = next;
          next += 1;
          const stored = await this.connection.jsm.streams.getMessage(stream, { seq });
          if (!stored) continue;
          const run = IncidentEvents.parse(stored.json());
          const runId = MESSAGES.incidentEvents.id(run);
          for (const message of run.events) out.push({ seq, msgId: stored.header.get('Nats-Msg-Id'), runId, message });
        }
      }),
    );
    return out.sort((a, b) => a.seq - b.seq);
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

/** GET/POST against a service's management API with the admin token. */
export async function api<T = unknown>(
  url: string,
  token: string,
  init: { method?: 'GET' | 'POST'; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}
