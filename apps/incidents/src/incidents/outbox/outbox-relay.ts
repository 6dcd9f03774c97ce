import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { MAX_EVENTS_PER_MESSAGE, type IncidentEvent, type IncidentEventMessage, type IncidentSnapshot } from '@herald/contracts';
import { JetStreamConnection, Publisher, tooLargeToPublish, Topology } from '@herald/messaging';
import { childTraceparent, counter, gauge, HealthChecks, LOGGER, Registry, type Logger } from '@herald/observability';
import { NotificationListener, queryPrepared } from '@herald/persistence';
import { FailureLog } from '../background/failure-log.js';
import type { EventRecord } from '../store/incident-store.js';
import { OutboxSignal } from './outbox-signal.js';
import { refsAfter, RELAY_BATCH, type Checkpoint, type OutboxRef } from './relay-read.js';
import { rowsAfter, streamTail, type StreamTail } from './stream-mark.js';

export const RELAY_DATABASE_URL = Symbol('RELAY_DATABASE_URL');

interface OutboxRow {
  position: string;
  transaction_id: string;
  event: IncidentEvent;
  snapshot: IncidentSnapshot;
  alert_received_at: Date | null;
  correlation_id: string | null;
  traceparent: string | null;
}

const BATCH = RELAY_BATCH;
/** The lag gauge is re-measured at most this often (a count over the unrelayed events). */
const LAG_EVERY_MS = 1_000;
/**
 * The lag gauge counts at most this many events (about 7 ms at the cap): past it, the figure says
 * "far behind", and a cap under the planner's guess keeps the count an ordered index scan.
 */
const LAG_CAP = 10_000;
const POLL_MS = 1_000;
/**
 * How soon the relay looks again for committed events its read could not see yet (an older
 * transaction elsewhere in the database still open: see OutboxSignal.committed), and for how long
 * it keeps looking that often.
 */
const LOOK_AGAIN_MS = 2;
const LOOK_AGAIN_FOR_MS = 200;
/**
 * The checkpoint is stored at most this often while events flow (and on shutdown): a write per
 * batch would be a round trip per alert at low rates. A checkpoint that is behind after a crash
 * only makes the next leader look again at events already in the stream, which its recovery
 * pass skips.
 */
const CHECKPOINT_EVERY_MS = 1_000;
/** Incidents looked up side by side when recovering from a relay of an earlier version. */
const LANES = 32;
/**
 * The relay's leadership lock among replicas: a fixed class id plus the schema's hash,
 * so installs (namespaces) sharing one database each get their own relay.
 */
const RELAY_LOCK_CLASS = 481_516;
/**
 * How far back from the stream's end a new leader looks for the relay's last message, past
 * messages something else published on INCIDENTS; beyond it the relay fails loudly rather than guess.
 */
const TAIL_SEARCH = 1_000;

/**
 * Publishes committed incident events to `incidents.events.relayed` in commit order, in runs
 * of up to MAX_EVENTS_PER_MESSAGE per message (a lone event is a run of one, with its own id
 * as `Nats-Msg-Id`). Reads only events whose transactions are below the oldest running
 * transaction (`pg_snapshot_xmin`), so a slow transaction's event is never skipped. One
 * replica relays at a time (advisory lock).
 *
 * The runs go one after another, each stored (PubAck) before the next is sent, so the stream
 * always holds a commit-order prefix of the events, and the checkpoint moves only after a
 * whole batch is stored. A relay that died after publishing but before its checkpoint left
 * more of that prefix than the checkpoint says: on taking over, the new leader reads the
 * stream's last message, finds its last event in the table, and skips every event up to it,
 * so nothing is doubled even after the server's duplicate window has passed, however the
 * new leader cuts its runs.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private listener: NotificationListener | undefined;
  private lockClient: pg.Client | undefined;
  private leader = false;
  /** True from taking leadership until the first batch after the checkpoint is through. */
  private recovering = false;
  /** Where the leader has got to (undefined: read it from the table). */
  private checkpoint: Checkpoint | undefined;
  private checkpointDue: Checkpoint | undefined;
  private checkpointWrite: Promise<void> | undefined;
  private checkpointTimer: NodeJS.Timeout | undefined;
  private checkpointWrittenAt = 0;
  private lagMeasuredAt = 0;
  private stopping = false;
  /** Ids of the events published since the relay last went idle (see OutboxSignal.stillUnseen). */
  private publishedInPass: string[] = [];
  private wake: (() => void) | undefined;
  private pendingWake = false;
  private loop: Promise<void> | undefined;
  private readonly metrics;
  private readonly failures: FailureLog;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: Publisher,
    private readonly connection: JetStreamConnection,
    private readonly topology: Topology,
    @Inject(RELAY_DATABASE_URL) private readonly url: string,
    @Inject(LOGGER) logger: Logger,
    private readonly signal: OutboxSignal,
    registry: Registry,
    health: HealthChecks,
  ) {
    this.metrics = {
      published: counter(registry, { name: 'herald_outbox_published_total', help: 'Incident events relayed to JetStream' }),
      skipped: counter(registry, {
        name: 'herald_outbox_recovered_total',
        help: 'Events found already in the stream after a relay crash, and not published again',
      }),
      lag: gauge(registry, { name: 'herald_outbox_lag_events', help: `Committed incident events not yet relayed (on the relaying replica; counted up to ${LAG_CAP})` }),
      leader: gauge(registry, { name: 'herald_outbox_relay_leader', help: '1 on the replica that currently relays the outbox' }),
    };
    health.register('outbox-relay', () => !this.stopping && this.loop !== undefined);
    this.failures = new FailureLog(logger, 'outbox-relay');
    signal.attach(
      () => this.poke(),
      () => (this.leader && !this.stopping ? this.checkpoint : undefined),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    this.failures.start();
    this.listener = new NotificationListener(this.url, 'incident_events', () => this.poke(), (error) => this.failures.failed(error, 'outbox listener error'));
    await this.listener.start();
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.poke();
    await this.loop;
    this.flushCheckpoint();
    await this.checkpointWrite;
    await this.listener?.stop();
    await this.dropLeadership();
    this.failures.stop();
  }

  private poke(): void {
    this.pendingWake = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let lookAgain = false;
      try {
        if (!this.leader) await this.tryLead();
        if (this.leader) {
          let published: number;
          do published = await this.relayBatch();
          while (published === BATCH && !this.stopping);
          lookAgain = this.signal.stillUnseen(this.publishedInPass, Date.now(), LOOK_AGAIN_FOR_MS);
        }
      } catch (error) {
        this.failures.failed(error, 'outbox relay pass failed; retrying');
        await this.dropLeadership();
      }
      this.publishedInPass = [];
      await this.idle(lookAgain ? LOOK_AGAIN_MS : POLL_MS);
    }
  }

  private async idle(ms: number): Promise<void> {
    if (this.pendingWake || this.stopping) {
      this.pendingWake = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
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
    const rows = await this.lockClient.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, hashtext(current_schema())) AS locked', [RELAY_LOCK_CLASS]);
    this.leader = rows.rows[0]?.locked === true;
    this.recovering = this.leader;
    this.checkpoint = undefined;
    this.metrics.leader.set(this.leader ? 1 : 0);
    this.signal.setLeading(this.leader);
  }

  private async dropLeadership(): Promise<void> {
    this.leader = false;
    this.signal.setLeading(false);
    this.checkpoint = undefined;
    this.metrics.leader.set(0);
    const client = this.lockClient;
    this.lockClient = undefined;
    await client?.end().catch(() => undefined);
  }

  /** Publishes up to BATCH events after the checkpoint; returns how many it read. */
  private async relayBatch(): Promise<number> {
    const from = this.checkpoint ?? (await this.readCheckpoint());
    // Which events, in commit order: positions and ids only. Their bodies come from this
    // replica's own commits in memory where it has them (see RecentEvents), else from the table.
    // A commit of this replica may have read them already, right behind its COMMIT (OutboxSignal).
    const read = refsAfter(from);
    const refs = this.signal.takeRead(from) ?? (await queryPrepared<OutboxRef>(this.dataSource, read.text, read.values));
    const rows = await this.withBodies(refs);
    const pending = this.recovering ? await this.notYetInStream(rows) : rows;
    this.metrics.skipped.inc(rows.length - pending.length);
    await this.publishInOrder(pending);
    for (const row of rows) this.publishedInPass.push(row.event.id);
    // Every row read was in the stream already: the stream may hold more, so the next batch is checked too.
    this.recovering = rows.length > 0 && pending.length === 0;
    const last = rows.at(-1);
    this.checkpoint = last ? { transaction_id: last.transaction_id, position: last.position } : from;
    if (last) this.saveCheckpoint(this.checkpoint);
    if (Date.now() - this.lagMeasuredAt >= LAG_EVERY_MS) {
      this.lagMeasuredAt = Date.now();
      await this.updateLag(this.checkpoint);
    }
    return rows.length;
  }

  /** The events of `refs`, in the same order: from memory where committed here, the rest in one read. */
  private async withBodies(refs: readonly OutboxRef[]): Promise<OutboxRow[]> {
    const remembered = refs.map((ref) => this.signal.recent.take(ref.id));
    const missing = refs.filter((_, i) => remembered[i] === undefined).map((ref) => ref.position);
    const read = new Map<string, OutboxRow>();
    if (missing.length > 0) {
      const rows = await queryPrepared<OutboxRow>(
        this.dataSource,
        `SELECT position::text AS position, transaction_id::text AS transaction_id, event, snapshot, alert_received_at, correlation_id, traceparent
           FROM events WHERE position = ANY($1::bigint[])`,
        [missing],
      );
      for (const row of rows) read.set(row.position, row);
    }
    return refs.map((ref, i) => {
      const record = remembered[i];
      if (record) return { ...ref, ...rowOf(record) };
      const row = read.get(ref.position);
      if (!row) throw new Error(`outbox event at position ${ref.position} could not be read back`);
      return row;
    });
  }

  private async readCheckpoint(): Promise<Checkpoint> {
    const rows: Checkpoint[] = await this.dataSource.query(`SELECT transaction_id::text, position::text FROM relay_checkpoint WHERE name = 'incidents'`);
    return rows[0] ?? { transaction_id: '0', position: '0' };
  }

  /**
   * Stores the checkpoint without holding up the next batch, at most every
   * CHECKPOINT_EVERY_MS: the leader keeps its place in memory, one write is in flight at a
   * time, and the newest waiting checkpoint goes next.
   */
  private saveCheckpoint(checkpoint: Checkpoint): void {
    this.checkpointDue = checkpoint;
    if (this.checkpointTimer || this.checkpointWrite) return;
    const wait = Math.max(0, this.checkpointWrittenAt + CHECKPOINT_EVERY_MS - Date.now());
    this.checkpointTimer = setTimeout(() => this.flushCheckpoint(), wait);
  }

  /** Writes the due checkpoint now (the throttle's timer, and shutdown). */
  private flushCheckpoint(): void {
    clearTimeout(this.checkpointTimer);
    this.checkpointTimer = undefined;
    if (this.checkpointWrite || !this.checkpointDue) return;
    this.checkpointWrite = (async () => {
      while (this.checkpointDue) {
        const due = this.checkpointDue;
        this.checkpointDue = undefined;
        this.checkpointWrittenAt = Date.now();
        try {
          await queryPrepared(
            this.dataSource,
            `INSERT INTO relay_checkpoint (name, transaction_id, position) VALUES ('incidents', $1::xid8, $2::bigint)
             ON CONFLICT (name) DO UPDATE SET transaction_id = EXCLUDED.transaction_id, position = EXCLUDED.position`,
            [due.transaction_id, due.position],
          );
        } catch (error) {
          this.failures.failed(error, 'could not store the outbox checkpoint; the next one will');
        }
        if (this.checkpointDue && !this.stopping) break;
      }
    })().finally(() => {
      this.checkpointWrite = undefined;
      if (this.checkpointDue) this.saveCheckpoint(this.checkpointDue);
    });
  }

  /**
   * Publishes the rows in commit order, a run of up to MAX_EVENTS_PER_MESSAGE per message, each
   * stored before the next is sent: a failure leaves a commit-order prefix in the stream (see
   * `notYetInStream`). A message carries its first event's correlation id and a child of its trace.
   */
  private async publishInOrder(rows: readonly OutboxRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += MAX_EVENTS_PER_MESSAGE) await this.publishRun(rows.slice(i, i + MAX_EVENTS_PER_MESSAGE));
  }

  /**
   * One run as one message; a run too large for the broker (events with large annotations or
   * details: their size is not bounded) goes as two halves, in order, and so on down to single
   * events. Nothing of a refused message was stored, so the order holds.
   */
  private async publishRun(run: readonly OutboxRow[]): Promise<void> {
    const first = run[0]!;
    try {
      await this.publisher.publish(
        'incidentEvents',
        { events: run.map(toMessage) },
        {
          ...(first.correlation_id ? { correlationId: first.correlation_id } : {}),
          // A child of the span that caused the event: the trace goes on through the outbox.
          ...(first.traceparent ? { traceparent: childTraceparent(first.traceparent) } : {}),
        },
      );
    } catch (error) {
      if (run.length === 1 || !tooLargeToPublish(error)) throw error;
      const half = Math.ceil(run.length / 2);
      await this.publishRun(run.slice(0, half));
      await this.publishRun(run.slice(half));
      return;
    }
    this.metrics.published.inc(run.length);
  }

  /**
   * The rows not yet in the stream. The stream holds a commit-order prefix of the events
   * (`publishInOrder`), so its last message's last event marks how far it goes: every row up to
   * that event, in commit order, is there already. A last message published by an earlier
   * version (one event per incident subject, incidents side by side) is checked per incident.
   */
  private async notYetInStream(rows: readonly OutboxRow[]): Promise<OutboxRow[]> {
    const tail = await this.lastRelayed();
    if (!tail) return [...rows];
    if (tail.kind === 'single') return this.notYetInStreamPerIncident(rows);
    const [mark] = await queryPrepared<Checkpoint>(this.dataSource, 'SELECT transaction_id::text, position::text FROM events WHERE id = $1', [tail.lastEventId]);
    // Not in the table (never, unless the stream holds events of another store): nothing to skip by.
    if (!mark) return [...rows];
    return rowsAfter(rows, mark);
  }

  /**
   * What the relay's last message on the stream says (`streamTail`), looking back past messages
   * something else published there; undefined when the stream holds none of the relay's.
   */
  private async lastRelayed(): Promise<Exclude<StreamTail, { kind: 'foreign' }> | undefined> {
    const stream = this.topology.stream('INCIDENTS');
    const { state } = await this.connection.jsm.streams.info(stream);
    if (state.messages === 0) return undefined;
    const oldest = Math.max(state.first_seq, state.last_seq - TAIL_SEARCH + 1);
    for (let seq = state.last_seq; seq >= oldest; seq -= 1) {
      const message = await this.connection.jsm.streams.getMessage(stream, { seq });
      if (!message) continue;
      let payload: unknown;
      try {
        payload = message.json<unknown>();
      } catch {
        continue;
      }
      const tail = streamTail(payload);
      if (tail.kind !== 'foreign') return tail;
    }
    if (oldest === state.first_seq) return undefined;
    throw new Error(`none of the last ${TAIL_SEARCH} messages on ${stream} is an incident event message; cannot tell which events are relayed already`);
  }

  /**
   * Drops the rows whose incident already has that version (or a later one) in the stream, as
   * an earlier version published them: each event alone, on `incidents.events.<incidentId>`.
   */
  private async notYetInStreamPerIncident(rows: readonly OutboxRow[]): Promise<OutboxRow[]> {
    const stream = this.topology.stream('INCIDENTS');
    const published = new Map<string, number>();
    const incidents = [...new Set(rows.map((r) => r.event.incidentId))];
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < incidents.length) {
        const incidentId = incidents[next]!;
        next += 1;
        const last = await this.connection.jsm.streams.getMessage(stream, { last_by_subj: this.topology.subject(`incidents.events.${incidentId}`) });
        published.set(incidentId, last ? last.json<IncidentEventMessage>().event.version : 0);
      }
    };
    await Promise.all(Array.from({ length: Math.min(LANES, incidents.length) }, lane));
    return rows.filter((r) => r.event.version > (published.get(r.event.incidentId) ?? 0));
  }

  /**
   * Counts along the outbox index from the checkpoint, capped. A plain count(*) is planned from
   * the table's statistics, which can call the few rows after the checkpoint a third of the table:
   * measured after a 50,000-alert burst, it became a parallel bitmap scan that launched two
   * workers every second (8 ms, both cores) instead of reading the handful of index entries.
   */
  private async updateLag(from: Checkpoint): Promise<void> {
    const rows: Array<{ n: string }> = await this.dataSource.query(
      `SELECT count(*)::text AS n FROM (
         SELECT FROM events WHERE (transaction_id, position) > ($1::xid8, $2::bigint)
          ORDER BY transaction_id, position LIMIT ${LAG_CAP}) AS behind`,
      [from.transaction_id, from.position],
    );
    this.metrics.lag.set(Number(rows[0]?.n ?? 0));
  }
}

/** A committed record as the relay would have read it back from the table. */
function rowOf(record: EventRecord): Omit<OutboxRow, 'position' | 'transaction_id'> {
  return {
    event: record.event,
    snapshot: record.snapshot,
    alert_received_at: record.alertReceivedAt === null ? null : new Date(record.alertReceivedAt),
    correlation_id: record.correlationId,
    traceparent: record.traceparent,
  };
}

function toMessage(row: OutboxRow): IncidentEventMessage {
  return {
    event: row.event,
    incident: row.snapshot,
    ...(row.alert_received_at ? { alertReceivedAt: row.alert_received_at.toISOString() } : {}),
  };
}
