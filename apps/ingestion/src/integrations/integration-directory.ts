import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { LOGGER, type Logger } from '@herald/observability';
import { NotificationListener } from '@herald/persistence';
import { type Integration } from './domain/integration.js';
import { cachedAnswer, TtlCache } from './domain/ttl-cache.js';
import { INTEGRATIONS_CHANNEL, IntegrationsService } from './integrations.service.js';

export const DIRECTORY_OPTIONS = Symbol('DIRECTORY_OPTIONS');

export interface DirectoryOptions {
  /** How long a lookup (a miss too) is reused; 0 reads PostgreSQL on every request. */
  readonly ttlMs: number;
  readonly databaseUrl: string;
}

const MAX_ENTRIES = 10_000;

/** While PostgreSQL is unreachable, integrations seen this recently keep working. */
const STALE_IF_ERROR_MS = 300_000;
/**
 * A known integration read this recently, though past its TTL, answers at once while it is read
 * again in the background. The TTL only backs up LISTEN/NOTIFY (a change clears the caches at
 * once), so a request never waits on PostgreSQL for an entry that is merely old: the first alert
 * after a quiet spell of a few seconds did (5-7 ms more on its way to the receiver, measured), and
 * under a steady trickle one request per TTL did. A change whose notification was lost is then
 * seen one request later than before; the window is the outage fallback's.
 */
const REVALIDATE_WITHIN_MS = STALE_IF_ERROR_MS;

/** One lookup: which cache, the key it is kept under, the in-flight key coalescing reads, and the read. */
interface Lookup {
  readonly cache: TtlCache<string, Integration | null>;
  readonly flightKey: string;
  readonly key: string;
  readonly load: () => Promise<Integration | null>;
}

/**
 * The hot path's view of integrations: PostgreSQL lookups cached for a short TTL,
 * concurrent lookups of one id coalesced into one query, and a known integration past its TTL
 * served while it is read again (REVALIDATE_WITHIN_MS). A change made through the
 * API clears the cache here at once and, through LISTEN/NOTIFY, on every replica;
 * the TTL bounds staleness if a notification is lost. If PostgreSQL cannot be reached,
 * an entry up to five minutes old is used rather than refusing alerts (no change can be
 * made meanwhile: the admin API needs PostgreSQL too).
 */
@Injectable()
export class IntegrationDirectory implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly byId: TtlCache<string, Integration | null>;
  private readonly byKeyHash: TtlCache<string, Integration | null>;
  private readonly inFlight = new Map<string, Promise<Integration | null>>();
  private generation = 0;
  private listener: NotificationListener | undefined;

  constructor(
    private readonly integrations: IntegrationsService,
    @Inject(DIRECTORY_OPTIONS) private readonly options: DirectoryOptions,
    @Inject(INTEGRATIONS_CHANNEL) private readonly channel: string,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.byId = new TtlCache(options.ttlMs, MAX_ENTRIES);
    this.byKeyHash = new TtlCache(options.ttlMs, MAX_ENTRIES);
    integrations.onChange(() => this.invalidate());
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.ttlMs <= 0) return;
    this.listener = new NotificationListener(
      this.options.databaseUrl,
      this.channel,
      () => this.invalidate(),
      (error) => this.logger.warn({ err: error }, 'integration change listener failed; relying on the cache TTL'),
    );
    try {
      await this.listener.start();
    } catch (error) {
      this.logger.warn({ err: error }, 'integration change listener did not start; relying on the cache TTL');
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.listener?.stop();
  }

  findById(id: string): Promise<Integration | null> {
    return this.lookup({ cache: this.byId, flightKey: `id:${id}`, key: id, load: () => this.integrations.findById(id) });
  }

  findByKeyHash(keyHash: string): Promise<Integration | null> {
    return this.lookup({ cache: this.byKeyHash, flightKey: `key:${keyHash}`, key: keyHash, load: () => this.integrations.findByKeyHash(keyHash) });
  }

  /** The cached integration without a query (for requests refused before they were read). */
  peek(id: string): Integration | undefined {
    return this.byId.get(id, Date.now())?.value ?? undefined;
  }

  invalidate(): void {
    this.generation += 1;
    this.byId.clear();
    this.byKeyHash.clear();
    this.inFlight.clear();
  }

  private lookup(lookup: Lookup): Promise<Integration | null> {
    const answer = cachedAnswer(lookup.cache.entry(lookup.key, Date.now()), this.options.ttlMs, REVALIDATE_WITHIN_MS);
    if (answer.kind === 'fresh') return Promise.resolve(answer.value);
    const reading = this.read(lookup);
    if (answer.kind === 'load') return reading;
    // Failures are handled (and logged) by the read; this caller has its answer already.
    reading.catch(() => undefined);
    return Promise.resolve(answer.value);
  }

  /** Reads `key` from PostgreSQL into the cache, one query per key at a time. */
  private read({ cache, flightKey, key, load }: Lookup): Promise<Integration | null> {
    const pending = this.inFlight.get(flightKey);
    if (pending) return pending;
    const generation = this.generation;
    const promise = load()
      .then(
        (integration) => {
          // A change during the query may have made this answer stale: use it once, keep it not.
          if (generation === this.generation) {
            const now = Date.now();
            cache.set(key, integration, now);
            if (integration) {
              this.byId.set(integration.id, integration, now);
              this.byKeyHash.set(integration.keyHash, integration, now);
            }
          }
          return integration;
        },
        (error: unknown) => {
          // Served, not stored again: an outage does not make an entry any younger.
          const stale = cache.getStale(key, Date.now(), STALE_IF_ERROR_MS);
          if (stale === undefined) throw error;
          this.logger.warn({ err: error }, 'integration store unreachable; using a recently cached integration');
          return stale.value;
        },
      )
      .finally(() => {
        if (this.inFlight.get(flightKey) === promise) this.inFlight.delete(flightKey);
      });
    this.inFlight.set(flightKey, promise);
    return promise;
  }
}
