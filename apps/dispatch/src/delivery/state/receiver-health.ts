import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LOGGER, type Logger } from '@herald/observability';
import { NotificationListener } from '@herald/persistence';
import {
  admit,
  CLOSED_CIRCUIT,
  recordResult,
  type Admission,
  type AttemptResult as BreakerResult,
  type CircuitBreakerConfig,
  type CircuitState,
} from '../domain/index.js';

export const RECEIVER_HEALTH_OPTIONS = Symbol('RECEIVER_HEALTH_OPTIONS');

export interface ReceiverHealthOptions {
  /** Connection URL for LISTEN (with the service schema on its search path or not: NOTIFY channels are database-wide). */
  readonly databaseUrl: string;
  /** NOTIFY channel telling every replica that `receiver_state` changed; unique per schema. */
  readonly channel: string;
  /** Re-read `receiver_state` this often in case a notification was missed. */
  readonly refreshMs: number;
}

export type DisabledReason = 'gone' | 'failing';

export interface ReceiverDisabled {
  readonly at: Date;
  readonly reason: DisabledReason;
  readonly detail: string | undefined;
}

/** One receiver's state as the API shows it. */
export interface ReceiverHealthView {
  readonly receiverId: string;
  readonly disabled: ReceiverDisabled | undefined;
  readonly circuit: CircuitState['status'];
  readonly failingSince: Date | undefined;
}

interface Entry {
  circuit: CircuitState;
  disabled: ReceiverDisabled | undefined;
  /** The `receiver_state.revision` this replica last wrote or read; 0 when there is no row. */
  revision: number;
}

interface StateRow {
  receiver_id: string;
  disabled_at: Date | null;
  disabled_reason: DisabledReason | null;
  disabled_detail: string | null;
  failing_since: Date | null;
  circuit_status: CircuitState['status'];
  circuit_opened_at: Date | null;
  consecutive_failures: number;
  revision: string;
}

export type HealthChange =
  | { readonly kind: 'circuit'; readonly receiverId: string; readonly from: CircuitState['status']; readonly to: CircuitState['status'] }
  | { readonly kind: 'disabled'; readonly receiverId: string; readonly reason: DisabledReason }
  | { readonly kind: 'reloaded' };

/**
 * Circuit breakers and the disabled flag of every receiver, in memory for the send path
 * (`isDisabled` and `admit` are synchronous) and in `receiver_state` so they survive a
 * restart and reach the API and the other replicas (LISTEN/NOTIFY plus a periodic re-read).
 * The breaker's pure rules are in `domain/circuit-breaker.ts`; each replica runs its own
 * breaker and persists its transitions.
 */
@Injectable()
export class ReceiverHealth implements OnModuleInit, OnApplicationShutdown {
  private readonly entries = new Map<string, Entry>();
  private listener: NotificationListener | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly observers: Array<(change: HealthChange) => void> = [];

  constructor(
    private readonly dataSource: DataSource,
    @Inject(RECEIVER_HEALTH_OPTIONS) private readonly options: ReceiverHealthOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reload();
    this.listener = new NotificationListener(
      this.options.databaseUrl,
      this.options.channel,
      () => void this.reload().catch((error: unknown) => this.logger.warn({ err: error }, 'receiver state reload failed')),
      (error) => this.logger.warn({ err: error }, 'receiver state listener error'),
    );
    await this.listener.start();
    this.timer = setInterval(() => void this.reload().catch((error: unknown) => this.logger.warn({ err: error }, 'receiver state reload failed')), this.options.refreshMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.listener?.stop();
  }

  /** Called on every circuit transition and disable (metrics, logs). */
  observe(observer: (change: HealthChange) => void): void {
    this.observers.push(observer);
  }

  isDisabled(receiverId: string): boolean {
    return this.entries.get(receiverId)?.disabled !== undefined;
  }

  view(receiverId: string): ReceiverHealthView {
    const entry = this.entries.get(receiverId);
    const failingSince = entry?.circuit.failingSince;
    return {
      receiverId,
      disabled: entry?.disabled,
      circuit: entry?.circuit.status ?? 'closed',
      failingSince: failingSince !== undefined ? new Date(failingSince) : undefined,
    };
  }

  all(): ReceiverHealthView[] {
    return [...this.entries.keys()].map((id) => this.view(id));
  }

  circuitCounts(): Record<CircuitState['status'], number> {
    const counts = { closed: 0, open: 0, half_open: 0 };
    for (const entry of this.entries.values()) counts[entry.circuit.status] += 1;
    return counts;
  }

  disabledCount(): number {
    let n = 0;
    for (const entry of this.entries.values()) if (entry.disabled) n += 1;
    return n;
  }

  /** Whether `admit` would let a send through now, changing nothing. */
  check(receiverId: string, now: number, config: CircuitBreakerConfig): Admission {
    return admit(this.entries.get(receiverId)?.circuit ?? CLOSED_CIRCUIT, now, config);
  }

  /** Whether a send may go out now; a half-open circuit admits one probe. The state moves only if admitted. */
  admit(receiverId: string, now: number, config: CircuitBreakerConfig): Admission {
    const entry = this.entry(receiverId);
    const admission = admit(entry.circuit, now, config);
    if (admission.allowed) this.setCircuit(receiverId, entry, admission.state);
    return admission;
  }

  /** Feeds an attempt's result to the breaker; returns when the current run of failures began, if one is running. */
  async recordResult(receiverId: string, result: BreakerResult, now: number, config: CircuitBreakerConfig): Promise<number | undefined> {
    const entry = this.entry(receiverId);
    const before = entry.circuit;
    const after = recordResult(before, result, now, config);
    this.setCircuit(receiverId, entry, after);
    if (after.status !== before.status || after.failingSince !== before.failingSince) await this.persistCircuit(receiverId, entry);
    return after.failingSince;
  }

  /** Marks the receiver disabled (persisted, announced); false when it already was. */
  async disable(receiverId: string, reason: DisabledReason, detail: string, now: Date): Promise<boolean> {
    const entry = this.entry(receiverId);
    if (entry.disabled) return false;
    entry.disabled = { at: now, reason, detail };
    const rows: Array<{ revision: string }> = await this.dataSource.query(
      `INSERT INTO receiver_state AS s (receiver_id, disabled_at, disabled_reason, disabled_detail, revision, updated_at)
       VALUES ($1, $2, $3, $4, 1, now())
       ON CONFLICT (receiver_id) DO UPDATE SET disabled_at = EXCLUDED.disabled_at, disabled_reason = EXCLUDED.disabled_reason,
         disabled_detail = EXCLUDED.disabled_detail, revision = s.revision + 1, updated_at = now()
       RETURNING revision`,
      [receiverId, now, reason, detail.slice(0, 1_000)],
    );
    entry.revision = Number(rows[0]?.revision ?? entry.revision);
    await this.notify();
    this.emit({ kind: 'disabled', receiverId, reason });
    return true;
  }

  /** Re-enables a receiver and forgets its failures and circuit (the API's "reset"); every replica follows. */
  async reset(receiverId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM receiver_state WHERE receiver_id = $1', [receiverId]);
    this.entries.delete(receiverId);
    await this.notify();
  }

  /** Re-reads `receiver_state`, adopting rows another writer changed (an API reset, another replica's disable). */
  async reload(): Promise<void> {
    const rows: StateRow[] = await this.dataSource.query('SELECT * FROM receiver_state');
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.receiver_id);
      const entry = this.entries.get(row.receiver_id);
      const revision = Number(row.revision);
      if (entry && entry.revision === revision) continue;
      this.entries.set(row.receiver_id, fromRow(row, revision));
    }
    // A row deleted elsewhere (reset) clears what this replica knew, but only what it had persisted or read.
    for (const [id, entry] of this.entries) if (!seen.has(id) && entry.revision > 0) this.entries.delete(id);
    this.emit({ kind: 'reloaded' });
  }

  private entry(receiverId: string): Entry {
    let entry = this.entries.get(receiverId);
    if (!entry) {
      entry = { circuit: CLOSED_CIRCUIT, disabled: undefined, revision: 0 };
      this.entries.set(receiverId, entry);
    }
    return entry;
  }

  private setCircuit(receiverId: string, entry: Entry, next: CircuitState): void {
    const from = entry.circuit.status;
    entry.circuit = next;
    if (from !== next.status) this.emit({ kind: 'circuit', receiverId, from, to: next.status });
  }

  private async persistCircuit(receiverId: string, entry: Entry): Promise<void> {
    const c = entry.circuit;
    try {
      const rows: Array<{ revision: string }> = await this.dataSource.query(
        `INSERT INTO receiver_state AS s (receiver_id, failing_since, circuit_status, circuit_opened_at, consecutive_failures, revision, updated_at)
         VALUES ($1, $2, $3, $4, $5, 1, now())
         ON CONFLICT (receiver_id) DO UPDATE SET failing_since = EXCLUDED.failing_since, circuit_status = EXCLUDED.circuit_status,
           circuit_opened_at = EXCLUDED.circuit_opened_at, consecutive_failures = EXCLUDED.consecutive_failures,
           revision = s.revision + 1, updated_at = now()
         RETURNING revision`,
        [
          receiverId,
          c.failingSince !== undefined ? new Date(c.failingSince) : null,
          c.status,
          c.status === 'open' ? new Date(c.openedAt) : null,
          c.status === 'closed' ? c.consecutiveFailures : 0,
        ],
      );
      entry.revision = Number(rows[0]?.revision ?? entry.revision);
    } catch (error) {
      // The breaker works from memory; persisting is for restarts and the API. Never fail a send for it.
      this.logger.warn({ err: error, receiverId }, 'could not persist circuit state');
    }
  }

  private async notify(): Promise<void> {
    await this.dataSource.query(`SELECT pg_notify($1, '')`, [this.options.channel]);
  }

  private emit(change: HealthChange): void {
    for (const observer of this.observers) observer(change);
  }
}

function fromRow(row: StateRow, revision: number): Entry {
  const failingSince = row.failing_since ? row.failing_since.getTime() : undefined;
  const circuit: CircuitState =
    row.circuit_status === 'open' && row.circuit_opened_at
      ? { status: 'open', openedAt: row.circuit_opened_at.getTime(), failingSince }
      : row.circuit_status === 'half_open'
        ? // A probe in flight on a replica that stopped: let the next send probe again once the cooldown has passed.
          { status: 'open', openedAt: row.circuit_opened_at?.getTime() ?? 0, failingSince }
        : { status: 'closed', consecutiveFailures: row.consecutive_failures, ...(failingSince !== undefined ? { failingSince } : {}) };
  return {
    circuit,
    disabled: row.disabled_at && row.disabled_reason ? { at: row.disabled_at, reason: row.disabled_reason, detail: row.disabled_detail ?? undefined } : undefined,
    revision,
  };
}
