import type { ConsumerDefinition, StreamName } from '@herald/contracts';
import { counter, gauge, type Logger, type Registry } from '@herald/observability';
import type { JetStreamConnection } from './connection.js';
import type { Topology } from './topology.js';

export interface JetStreamMetricsOptions {
  readonly connection: JetStreamConnection;
  readonly topology: Topology;
  readonly registry: Registry;
  readonly logger: Logger;
  /** Durable consumers to report pending, ack-pending and redelivered messages for. */
  readonly consumers: readonly ConsumerDefinition[];
  /** Streams to report messages and bytes for. */
  readonly streams?: readonly StreamName[];
  /** Dead-letter stages to report `herald_dlq_stream_messages{stage}` for; omitted: no DLQ gauge. */
  readonly dlqStages?: readonly string[];
  /** Scrapes closer together than this reuse the last reading of the server. */
  readonly minIntervalMs?: number;
  /** A reading that takes longer is abandoned; the scrape shows the previous values. */
  readonly timeoutMs?: number;
}

type ConsumerLabels = 'stream' | 'consumer';
type Gauge<L extends string> = ReturnType<typeof gauge<L>>;

/**
 * JetStream pipeline gauges, read from the server when Prometheus scrapes
 * (prom-client `collect()`), at most once per `minIntervalMs`:
 * - `herald_jetstream_consumer_pending_messages{stream,consumer}` not yet delivered,
 * - `herald_jetstream_consumer_ack_pending_messages{stream,consumer}` delivered, not yet acknowledged,
 * - `herald_jetstream_consumer_redelivered_messages{stream,consumer}` unacknowledged and delivered more than once,
 * - `herald_jetstream_consumer_exists{stream,consumer}` 1 when the durable exists (the three above are absent otherwise),
 * - `herald_jetstream_stream_messages{stream}`, `herald_jetstream_stream_bytes{stream}`,
 * - `herald_dlq_stream_messages{stage}` messages held in the DLQ stream per stage (`other` for unknown stages).
 * Labels are contract names without the deployment namespace, so they are bounded
 * and the same in every install. Register it once per registry (one service per
 * install is enough, e.g. analytics for every consumer: several would report the same values).
 */
export class JetStreamMetrics {
  private readonly pending: Gauge<ConsumerLabels>;
  private readonly ackPending: Gauge<ConsumerLabels>;
  private readonly redelivered: Gauge<ConsumerLabels>;
  private readonly exists: Gauge<ConsumerLabels>;
  private readonly streamMessages: Gauge<'stream'>;
  private readonly streamBytes: Gauge<'stream'>;
  private readonly dlqMessages: Gauge<'stage'> | undefined;
  private readonly errors: ReturnType<typeof counter>;
  private readonly minIntervalMs: number;
  private readonly timeoutMs: number;
  private readonly dlqStages: ReadonlySet<string>;
  private lastReadAt = 0;
  private reading: Promise<void> | undefined;

  constructor(private readonly options: JetStreamMetricsOptions) {
    const { registry } = options;
    for (const name of ['herald_jetstream_consumer_pending_messages', 'herald_dlq_stream_messages']) {
      if (registry.getSingleMetric(name)) throw new Error(`JetStreamMetrics: ${name} is already registered; register the collector once`);
    }
    this.minIntervalMs = options.minIntervalMs ?? 1_000;
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.dlqStages = new Set(options.dlqStages ?? []);
    const refresh = (): Promise<void> => this.refresh();
    const consumerGauge = (name: string, help: string): Gauge<ConsumerLabels> =>
      gauge(registry, { name, help, labelNames: ['stream', 'consumer'], collect: refresh });
    this.pending = consumerGauge('herald_jetstream_consumer_pending_messages', 'Messages in the stream not yet delivered to the consumer');
    this.ackPending = consumerGauge('herald_jetstream_consumer_ack_pending_messages', 'Messages delivered to the consumer and not yet acknowledged');
    this.redelivered = consumerGauge('herald_jetstream_consumer_redelivered_messages', 'Unacknowledged messages delivered to the consumer more than once');
    this.exists = consumerGauge('herald_jetstream_consumer_exists', '1 when the durable consumer exists on the server, else 0');
    this.streamMessages = gauge(registry, { name: 'herald_jetstream_stream_messages', help: 'Messages held in the stream', labelNames: ['stream'], collect: refresh });
    this.streamBytes = gauge(registry, { name: 'herald_jetstream_stream_bytes', help: 'Bytes held in the stream', labelNames: ['stream'], collect: refresh });
    this.dlqMessages = options.dlqStages
      ? gauge(registry, { name: 'herald_dlq_stream_messages', help: 'Dead-lettered messages held in the DLQ stream, by stage', labelNames: ['stage'], collect: refresh })
      : undefined;
    this.errors = counter(registry, { name: 'herald_jetstream_metrics_errors_total', help: 'Failed readings of JetStream stream or consumer info' });
    for (const def of options.consumers) this.exists.set({ stream: def.stream, consumer: def.durable }, 0);
    for (const stream of options.streams ?? []) {
      this.streamMessages.set({ stream }, 0);
      this.streamBytes.set({ stream }, 0);
    }
    for (const stage of [...this.dlqStages, 'other']) this.dlqMessages?.set({ stage }, 0);
    this.errors.inc(0);
  }

  /** Reads the server now unless a reading is under way or recent. Never throws. */
  async refresh(): Promise<void> {
    if (this.reading) return this.reading;
    if (Date.now() - this.lastReadAt < this.minIntervalMs) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.errors.inc();
        resolve();
      }, this.timeoutMs);
    });
    this.reading = Promise.race([this.read(), timeout]).finally(() => {
      clearTimeout(timer);
      this.lastReadAt = Date.now();
      this.reading = undefined;
    });
    return this.reading;
  }

  private async read(): Promise<void> {
    const { connection, topology, consumers, streams = [] } = this.options;
    await Promise.all([
      ...consumers.map((def) => this.readConsumer(def)),
      ...streams.map(async (stream) => {
        const info = await this.attempt(() => connection.jsm.streams.info(topology.stream(stream)));
        if (info === 'missing' || info === 'failed') return;
        this.streamMessages.set({ stream }, info.state.messages);
        this.streamBytes.set({ stream }, info.state.bytes);
      }),
      ...(this.dlqMessages ? [this.readDeadLetters(this.dlqMessages)] : []),
    ]);
  }

  private async readConsumer(def: ConsumerDefinition): Promise<void> {
    const { connection, topology } = this.options;
    const labels = { stream: def.stream, consumer: def.durable };
    const info = await this.attempt(() => connection.jsm.consumers.info(topology.stream(def.stream), topology.durable(def)));
    if (info === 'failed') return;
    if (info === 'missing') {
      this.exists.set(labels, 0);
      for (const g of [this.pending, this.ackPending, this.redelivered]) g.remove(labels);
      return;
    }
    this.exists.set(labels, 1);
    this.pending.set(labels, info.num_pending);
    this.ackPending.set(labels, info.num_ack_pending);
    this.redelivered.set(labels, info.num_redelivered);
  }

  private async readDeadLetters(gauge: Gauge<'stage'>): Promise<void> {
    const { connection, topology } = this.options;
    const prefix = topology.subject('dlq.');
    const info = await this.attempt(() => connection.jsm.streams.info(topology.stream('DLQ'), { subjects_filter: `${prefix}>` }));
    if (info === 'failed') return;
    const counts = new Map<string, number>([...this.dlqStages, 'other'].map((stage) => [stage, 0]));
    if (info !== 'missing') {
      for (const [subject, count] of Object.entries(info.state.subjects ?? {})) {
        const stage = subject.slice(prefix.length);
        const label = this.dlqStages.has(stage) ? stage : 'other';
        counts.set(label, (counts.get(label) ?? 0) + count);
      }
    }
    for (const [stage, count] of counts) gauge.set({ stage }, count);
  }

  private async attempt<T>(read: () => Promise<T>): Promise<T | 'missing' | 'failed'> {
    try {
      return await read();
    } catch (error) {
      if (error instanceof Error && /not found/i.test(error.message)) return 'missing';
      this.errors.inc();
      this.options.logger.debug({ err: error }, 'JetStream info failed');
      return 'failed';
    }
  }
}
