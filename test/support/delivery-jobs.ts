import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { DeliveryOutcomes, type Channel, type DeliveryOutcome, type DeliveryJob, type IncidentEventMessage } from '@herald/contracts';
import { incidentEventMessage } from '@herald/contracts/testing';
import { JetStreamConnection, Publisher, Topology } from '@herald/messaging';
import { schemaName } from '@herald/persistence';
import { DATABASE_URL, NATS_URL, type HeraldStack } from './stack.js';

/** A row of dispatch's `delivery_attempts` table. */
export interface AttemptRow {
  id: string;
  job_id: string;
  receiver_id: string;
  attempt: number;
  outcome: string;
  status_code: number | null;
  status_class: string;
  error_class: string | null;
  error_detail: string | null;
  request: Record<string, unknown> | null;
  response_headers: Record<string, string> | null;
  response_excerpt: string | null;
  duration_ms: number;
  attempted_at: Date;
  next_attempt_at: Date | null;
}

/** A row of dispatch's `deliveries` table. */
export interface DeliveryRow {
  job_id: string;
  receiver_id: string;
  status: string;
  attempts: number;
  /** The latest attempt's outcome reached DELIVERIES (the sender publishes it, then records the row marked). */
  outcome_published: boolean;
}

/** A triggered incident event, valid per the contracts; `labels` say what the test is about. */
export const incidentEvent = incidentEventMessage;

/**
 * Drives dispatch's sender directly: publishes delivery jobs on the stack's DISPATCH
 * stream (as routing would) and reads what dispatch recorded, in PostgreSQL and on
 * DELIVERIES. Needs only the dispatch service running.
 */
export class DeliveryJobs {
  private constructor(
    private readonly connection: JetStreamConnection,
    private readonly topology: Topology,
    private readonly publisher: Publisher,
    private readonly pool: pg.Pool,
    private readonly schema: string,
  ) {}

  static async connect(stack: HeraldStack): Promise<DeliveryJobs> {
    const connection = await JetStreamConnection.connect({ url: NATS_URL, name: 'herald-test-jobs', logger: pino({ level: 'silent' }) });
    const topology = new Topology(stack.namespace);
    const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
    return new DeliveryJobs(connection, topology, new Publisher(connection, topology, '/herald/test'), pool, schemaName(stack.namespace, 'dispatch'));
  }

  job(receiverId: string, channel: Channel = 'webhook', labels: Record<string, string> = {}): DeliveryJob {
    const message = incidentEvent(labels);
    return { id: `${message.event.id}.${receiverId}`, receiverId, channel, createdAt: new Date().toISOString(), message };
  }

  /** A job for the resolution of `first`'s incident (another event of the same incident), to the same receiver. */
  resolution(first: DeliveryJob): DeliveryJob {
    const at = new Date().toISOString();
    const eventId = randomUUID();
    const message: IncidentEventMessage = {
      ...first.message,
      event: { id: eventId, incidentId: first.message.incident.id, version: 2, occurredAt: at, type: 'IncidentResolved', data: { by: { kind: 'system', reason: 'alert resolved at source' } } },
      incident: { ...first.message.incident, status: 'resolved', resolvedAt: at },
    };
    return { ...first, id: `${eventId}.${first.receiverId}`, createdAt: at, message };
  }

  /** `msgId` overrides the Nats-Msg-Id (the job id), to get a copy past JetStream's duplicate window. */
  async publish(job: DeliveryJob, msgId?: string): Promise<void> {
    await this.publisher.publish('deliveryJob', job, msgId ? { msgId } : {});
  }

  /** Publishes a new job and returns it. */
  async send(receiverId: string, channel: Channel = 'webhook', labels: Record<string, string> = {}): Promise<DeliveryJob> {
    const job = this.job(receiverId, channel, labels);
    await this.publish(job);
    return job;
  }

  async attempts(jobId: string): Promise<AttemptRow[]> {
    const result = await this.pool.query<AttemptRow>(`SELECT * FROM "${this.schema}".delivery_attempts WHERE job_id = $1 ORDER BY attempt`, [jobId]);
    return result.rows;
  }

  async delivery(jobId: string): Promise<DeliveryRow | undefined> {
    const result = await this.pool.query<DeliveryRow>(`SELECT job_id, receiver_id, status, attempts, outcome_published FROM "${this.schema}".deliveries WHERE job_id = $1`, [jobId]);
    return result.rows[0];
  }

  async query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.pool.query<R>(sql.replaceAll('$schema', `"${this.schema}"`), params)).rows;
  }

  /** Messages ever published to a stream of this stack (its last sequence number). */
  async published(stream: 'DISPATCH' | 'DELIVERIES'): Promise<number> {
    return (await this.connection.jsm.streams.info(this.topology.stream(stream))).state.last_seq;
  }

  /** Every DeliveryOutcome on the DELIVERIES stream so far (messages carry several; older ones a bare outcome). */
  async outcomes(): Promise<DeliveryOutcome[]> {
    return (await this.deliveriesMessages()).flatMap((m) => m.outcomes);
  }

  /** Every message on the DELIVERIES stream so far: its subject after `deliveries.` (`<outcome>.<receiver>`) and its outcomes. */
  async deliveriesMessages(): Promise<Array<{ subjectTail: string; outcomes: DeliveryOutcome[] }>> {
    const stream = this.topology.stream('DELIVERIES');
    const info = await this.connection.jsm.streams.info(stream);
    const out: Array<{ subjectTail: string; outcomes: DeliveryOutcome[] }> = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq += 1) {
      const message = await this.connection.jsm.streams.getMessage(stream, { seq });
      if (!message) continue;
      const subjectTail = message.subject.slice(message.subject.indexOf('deliveries.') + 'deliveries.'.length);
      out.push({ subjectTail, outcomes: DeliveryOutcomes.parse(message.json()).outcomes });
    }
    return out;
  }

  async close(): Promise<void> {
    await this.connection.close();
    await this.pool.end();
  }
}
