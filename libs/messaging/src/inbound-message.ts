import { HEADERS, type MessageKind, type Payload } from '@herald/contracts';
import { contextFrom, type WorkContext } from '@herald/observability';

/** A validated message as a handler sees it. */
export interface InboundMessage<K extends MessageKind> {
  readonly data: Payload<K>;
  /** Subject without the deployment namespace. */
  readonly subject: string;
  readonly msgId: string;
  readonly correlationId: string;
  readonly traceparent: string;
  /** 1 on first delivery. */
  readonly deliveryCount: number;
  /**
   * It may have been handled before: the server handed it out before (`deliveryCount` > 1), or
   * this process hands it over again, alone, after a batch it was in failed (see ConsumerRunner).
   */
  readonly redelivered: boolean;
  readonly streamSequence: number;
  /** Tells the server the work goes on, so it does not redeliver yet. */
  working(): void;
}

/** What an InboundMessage reads of the message it came in (a JsMsg has all of it). */
export interface ReceivedMessage {
  readonly headers?: { get(name: string): string } | undefined;
  readonly seq: number;
  readonly info: { readonly stream: string; readonly deliveryCount: number };
  working(): void;
}

/**
 * An InboundMessage whose header-borne fields (`msgId`, `correlationId`, `traceparent`) are read
 * from the headers only when first asked for, then kept. nats.js decodes a message's whole
 * header block on first access (nine CloudEvents and trace headers here, each name validated
 * and canonicalised): in an alert storm that was 9% of the bytes dispatch allocated, for
 * values its batch handlers never read but for the first message of each batch (the batch's
 * log and trace context).
 */
export function inboundMessage<K extends MessageKind>(raw: ReceivedMessage, data: Payload<K>, subject: string, handledBefore = false): InboundMessage<K> {
  return new LazyInboundMessage(raw, data, subject, handledBefore);
}

class LazyInboundMessage<K extends MessageKind> implements InboundMessage<K> {
  readonly deliveryCount: number;
  readonly streamSequence: number;
  readonly redelivered: boolean;
  private id: string | undefined;
  private context: WorkContext | undefined;

  constructor(
    private readonly raw: ReceivedMessage,
    readonly data: Payload<K>,
    readonly subject: string,
    handledBefore: boolean,
  ) {
    this.deliveryCount = raw.info.deliveryCount;
    this.streamSequence = raw.seq;
    this.redelivered = handledBefore || raw.info.deliveryCount > 1;
  }

  get msgId(): string {
    return (this.id ??= this.header(HEADERS.ceId) ?? `${this.raw.info.stream}:${this.raw.seq}`);
  }

  get correlationId(): string {
    return this.workContext().correlationId;
  }

  get traceparent(): string {
    return this.workContext().traceparent;
  }

  /** Already kept alive by the runner's timer; for a handler that wants to say so itself. */
  working(): void {
    this.raw.working();
  }

  /** Made once: `contextFrom` starts a new span (and makes ids that are missing or malformed). */
  private workContext(): WorkContext {
    return (this.context ??= contextFrom(this.header(HEADERS.correlationId), this.header(HEADERS.traceparent)));
  }

  /**
   * A header block nats.js cannot decode (a name with a space, say: nats-server passes it on from
   * any publisher) throws on access. Its ids are then unknown, as if the message had no headers:
   * the message is handled with the stream position as its id and a new correlation id and
   * trace, rather than throwing from a getter in the middle of a handler or its error path.
   */
  private header(name: string): string | undefined {
    try {
      return this.raw.headers?.get(name) || undefined;
    } catch {
      return undefined;
    }
  }
}

/**
 * A consumed message's work context as a plain object, for work that goes on after its handler
 * returns (a direct send, a batch's publishes): it reads the headers now and holds neither the
 * message nor its bytes.
 */
export function workContextOf(message: Pick<InboundMessage<MessageKind>, 'correlationId' | 'traceparent'>): WorkContext {
  return { correlationId: message.correlationId, traceparent: message.traceparent };
}
