import { headers as natsHeaders } from '@nats-io/transport-node';
import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import { cloudEventHeaders, HEADERS, MESSAGES, type MessageKind, type Payload } from '@herald/contracts';
import { childTraceparent, currentContext } from '@herald/observability';
import type { Topology } from './topology.js';

export interface PublishOptions {
  /** Overrides the contract's message id (the `Nats-Msg-Id`). */
  readonly msgId?: string;
  readonly correlationId?: string;
  readonly traceparent?: string;
  /** Optimistic concurrency on the subject (JetStream `expect.lastSubjectSequence`). */
  readonly expectLastSubjectSequence?: number;
  readonly timeoutMs?: number;
}

/**
 * Typed JetStream publisher: validates the payload against its contract, derives
 * subject and message id from it, sets CloudEvents and trace headers, and resolves
 * only when JetStream has stored the message (PubAck).
 */
export class Publisher {
  constructor(
    private readonly js: JetStreamClient,
    private readonly topology: Topology,
    /** CloudEvents `source`, e.g. `/herald/ingestion`. */
    private readonly source: string,
  ) {}

  async publish<K extends MessageKind>(kind: K, payload: Payload<K>, options: PublishOptions = {}): Promise<PubAck> {
    const def = MESSAGES[kind];
    // Never emit a message a consumer would reject: fail at the producer instead.
    const parsed = def.schema.parse(payload) as Payload<K>;
    const subject = (def.subject as (p: Payload<K>) => string)(parsed);
    const id = options.msgId ?? (def.id as (p: Payload<K>) => string)(parsed);
    const context = currentContext();
    const h = natsHeaders();
    for (const [name, value] of Object.entries(
      cloudEventHeaders({ id, type: def.ceType, source: this.source, time: new Date().toISOString() }),
    )) {
      h.set(name, value);
    }
    const correlationId = options.correlationId ?? context?.correlationId;
    if (correlationId) h.set(HEADERS.correlationId, correlationId);
    h.set(HEADERS.traceparent, options.traceparent ?? childTraceparent(context?.traceparent));
    return this.js.publish(this.topology.subject(subject), JSON.stringify(parsed), {
      msgID: id,
      headers: h,
      timeout: options.timeoutMs ?? 5_000,
      ...(options.expectLastSubjectSequence !== undefined
        ? { expect: { lastSubjectSequence: options.expectLastSubjectSequence } }
        : {}),
    });
  }
}
