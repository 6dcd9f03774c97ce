import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { inPipelinedTransaction } from '@herald/persistence';
import type { IncidentCommand, IncidentPolicy } from '../domain/index.js';
import { OutboxSignal } from '../outbox/outbox-signal.js';
import { ConcurrencyConflict, IncidentStore, isWrongNewKeysGuess, pgCode } from '../store/incident-store.js';
import { IncidentBatch, type BatchItem, type CommandMeta, type CommandResult } from './incident-batch.js';
import { IncidentMetrics } from './incident-metrics.js';
import { newId } from './new-ids.js';
import { SeenKeys } from './seen-keys.js';

export { type BatchItem, type CommandMeta, type CommandResult } from './incident-batch.js';

export const INCIDENT_POLICY = Symbol('INCIDENT_POLICY');

const MAX_ATTEMPTS = 6;
/**
 * Dedup keys remembered as having an incident (about 20 bytes each): past it, the oldest keys'
 * alerts are guessed new again, and a wrong guess costs one round trip more (SeenKeys).
 */
const SEEN_KEYS = 200_000;

/**
 * The I/O shell around the decider: load the incidents, decide, append with the expected
 * versions, update the read model and the inbox, all in one transaction per command or
 * per batch. A conflict with another writer rolls the transaction back and runs it again
 * on fresh state; metrics are recorded only once a transaction has committed.
 */
@Injectable()
export class IncidentCommands {
  private readonly seenKeys = new SeenKeys(SEEN_KEYS);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(INCIDENT_POLICY) private readonly policy: IncidentPolicy,
    private readonly metrics: IncidentMetrics,
    private readonly outbox: OutboxSignal,
  ) {}

  /** Runs one command in its own transaction. */
  async execute(command: IncidentCommand, meta: CommandMeta = {}): Promise<CommandResult> {
    const [result] = await this.executeBatch([{ command, meta }]);
    return result!;
  }

  /** Runs commands in order in one transaction (batch commit). */
  async executeBatch(items: readonly BatchItem[]): Promise<CommandResult[]> {
    return this.transaction((batch) => batch.run(items));
  }

  /**
   * Fires due auto-resolve and stabilise timers: up to `limit` incidents whose stored
   * `next_timer_at` has passed, at the database's time. Returns how many it looked at.
   */
  async runDueTimers(limit: number): Promise<number> {
    return this.transaction(async (batch, store) => {
      const due = await store.dueTimers(limit);
      await batch.run(due.ids.map((incidentId) => ({ command: { type: 'CheckTimers', incidentId, at: due.now }, meta: {} })));
      return due.ids.length;
    });
  }

  /** Deletes inbox rows older than `seconds`, a chunk at a time; returns how many. */
  async pruneInbox(seconds: number, limit = 10_000): Promise<number> {
    return inPipelinedTransaction(this.dataSource, (tx) => new IncidentStore(tx).pruneInbox(seconds, limit));
  }

  /**
   * Runs `work` in a transaction, again on a conflict. Only the first attempt may guess a batch's
   * keys new (IncidentBatch): after a wrong guess, or any failure, the batch reads first.
   */
  private async transaction<T>(work: (batch: IncidentBatch, store: IncidentStore) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      let batch: IncidentBatch | undefined;
      // The relay's next read, made right behind this transaction's COMMIT (see OutboxSignal).
      const relayRead = this.outbox.readAfterCommit();
      const keys = { seen: this.seenKeys, guess: attempt === 1 };
      try {
        const result = await inPipelinedTransaction(this.dataSource, async (tx) => {
          const store = new IncidentStore(tx);
          batch = new IncidentBatch(store, { newIncidentId: newId, newEventId: newId, policy: this.policy }, this.outbox.notifyOthers, relayRead?.statement, keys);
          return work(batch, store);
        });
        const readBack = batch?.readBack;
        if (batch?.appended) this.outbox.committed(batch.appendedEvents, relayRead && readBack ? { from: relayRead.from, refs: readBack } : undefined);
        this.metrics.record(batch?.outcomes ?? []);
        if (batch?.guessed) this.metrics.guess('right');
        return result;
      } catch (error) {
        if (isWrongNewKeysGuess(error) && attempt < MAX_ATTEMPTS) {
          // Not a conflict: the batch only needs to read first, at once.
          this.metrics.guess('wrong');
          continue;
        }
        if (!isRetryable(error) || attempt >= MAX_ATTEMPTS) throw error;
        this.metrics.conflict();
        await sleep(Math.random() * 10 * attempt);
      }
    }
  }
}

function isRetryable(error: unknown): boolean {
  const code = pgCode(error);
  return error instanceof ConcurrencyConflict || code === '40P01' || code === '40001';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
