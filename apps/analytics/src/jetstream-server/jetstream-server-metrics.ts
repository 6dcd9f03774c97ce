import { Inject, Injectable } from '@nestjs/common';
import { gauge, LOGGER, Registry, type Logger } from '@herald/observability';
import { jszUrl, serverLabel, serverStorageOf, type StorageUse } from './domain/server-storage.js';

export const NATS_MONITORING_URLS = Symbol('NATS_MONITORING_URLS');

const READ_TIMEOUT_MS = 2_000;
/** Scrapes closer together than this share one read of every server. */
const MIN_READ_INTERVAL_MS = 1_000;

/**
 * Each NATS server's JetStream storage against the server's own limits, read from its
 * monitoring endpoint (`/jsz`) on scrape. The account gauges (PipelineMetrics) have no limit
 * to compare with when the account has none of its own, the usual set-up: then this is the
 * limit that runs out. A server that cannot be read keeps its last values and is logged once
 * when it fails and once when it answers again, not on every scrape.
 */
@Injectable()
export class JetStreamServerMetrics {
  private reading: Promise<void> | undefined;
  private lastReadAt = 0;
  private readonly failing = new Set<string>();
  private readonly used;
  private readonly limit;

  constructor(
    @Inject(NATS_MONITORING_URLS) private readonly urls: readonly string[],
    registry: Registry,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const collect = (): Promise<void> => this.refresh();
    this.used = gauge(registry, {
      name: 'herald_jetstream_server_storage_bytes',
      help: 'Bytes of JetStream storage a NATS server holds for all accounts, by server and storage kind (from its /jsz)',
      labelNames: ['server', 'storage'],
      collect,
    });
    this.limit = gauge(registry, {
      name: 'herald_jetstream_server_storage_limit_bytes',
      help: "A NATS server's JetStream storage limit in bytes (max_file_store, max_memory_store), by server and storage kind (-1: none)",
      labelNames: ['server', 'storage'],
      collect,
    });
  }

  private refresh(): Promise<void> {
    if (this.reading) return this.reading;
    if (Date.now() - this.lastReadAt < MIN_READ_INTERVAL_MS) return Promise.resolve();
    this.reading = Promise.all(this.urls.map((url) => this.read(url))).then(() => {
      this.lastReadAt = Date.now();
      this.reading = undefined;
    });
    return this.reading;
  }

  private async read(url: string): Promise<void> {
    const server = serverLabel(url);
    try {
      const response = await fetch(jszUrl(url), { signal: AbortSignal.timeout(READ_TIMEOUT_MS) });
      if (!response.ok) throw new Error(`GET /jsz answered ${response.status}`);
      const storage = serverStorageOf(await response.json());
      if (!storage.ok) throw new Error(storage.reason);
      this.set(server, 'file', storage.file);
      this.set(server, 'memory', storage.memory);
      if (this.failing.delete(server)) this.logger.info({ server }, 'NATS monitoring endpoint answers again');
    } catch (error) {
      if (!this.failing.has(server)) this.logger.warn({ err: error, server }, 'could not read JetStream storage from the NATS monitoring endpoint; keeping the last values');
      this.failing.add(server);
    }
  }

  private set(server: string, storage: 'file' | 'memory', use: StorageUse): void {
    this.used.set({ server, storage }, use.used);
    this.limit.set({ server, storage }, use.limit);
  }
}
