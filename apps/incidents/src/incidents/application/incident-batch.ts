import {
  decide,
  evolve,
  initialState,
  nextTimerAt,
  toSnapshot,
  type DecideContext,
  type Incident,
  type IncidentCommand,
  type IncidentState,
} from '../domain/index.js';
import type { PreparedStatement } from '@herald/persistence';
import type { OutboxRef } from '../outbox/relay-read.js';
import type { EventRecord, IncidentStore } from '../store/incident-store.js';
import type { CommandOutcome } from './incident-metrics.js';
import type { SeenKeys } from './seen-keys.js';

export interface CommandMeta {
  /** Id of what was consumed (an alert's id); a redelivery with the same id changes nothing. */
  readonly inboxId?: string;
  readonly alertReceivedAt?: string;
  readonly correlationId?: string;
  /** The span handling the command; the relay publishes its events as children of it. */
  readonly traceparent?: string;
}

export interface BatchItem {
  readonly command: IncidentCommand;
  readonly meta: CommandMeta;
}

export type CommandResult =
  | { readonly kind: 'duplicate' }
  | ({ readonly kind: 'applied' } & CommandOutcome);

interface Tracked {
  state: Incident;
  /** Read-model version when loaded; 0 for an incident opened in this batch. */
  readonly loadedVersion: number;
  changed: boolean;
}

/** The dedup keys this replica has seen, and whether this attempt may guess the batch's keys new. */
export interface KeyGuess {
  readonly seen: SeenKeys;
  readonly guess: boolean;
}

/**
 * A batch of commands decided inside one transaction. Every incident the batch touches is
 * loaded (and locked) up front, with the inbox, in one statement (two when commands name
 * incidents by id), the commands are decided in order against
 * states kept in memory, so many alerts for one dedup key cost one read and one write,
 * and everything is written at the end in a few multi-row statements.
 *
 * A batch of alerts whose keys this replica has never seen an incident for (`KeyGuess`) skips
 * the read: the keys are guessed new, the alerts decided as the first of their incidents, and
 * the check of the guess (IncidentStore.expectNewIncidents) goes ahead of the write in the same
 * pipeline, so the whole transaction is one round trip. A wrong guess aborts the transaction
 * and the batch runs again the ordinary way. This is the first alert of an incident: the one
 * that pages someone.
 */
export class IncidentBatch {
  private readonly latestByKey = new Map<string, string>();
  private readonly incidents = new Map<string, Tracked>();
  private readonly events: EventRecord[] = [];
  /** Incidents a CheckTimers left unchanged: their stored timer is moved to the new due time. */
  private readonly staleTimers = new Set<string>();
  readonly outcomes: CommandOutcome[] = [];
  /** What the relay's read behind the COMMIT found (`readAfterCommit`), once the batch committed with it. */
  readBack: OutboxRef[] | undefined;
  /** Whether the batch guessed its keys new (and, once it has committed, guessed right). */
  guessed = false;

  /**
   * `notifyRelay`: whether the write NOTIFYs the outbox relay (another replica's relay leads;
   * this replica's own is woken in-process after the commit, see OutboxSignal).
   */
  constructor(
    private readonly store: IncidentStore,
    private readonly ctx: DecideContext,
    private readonly notifyRelay = true,
    /** The relay's read (`refsAfter`) to make right behind the COMMIT when the batch appends events (see OutboxSignal). */
    private readonly readAfterCommit?: PreparedStatement,
    private readonly keys?: KeyGuess,
  ) {}

  /** The events the batch appended, in order (as written once it commits). */
  get appendedEvents(): readonly EventRecord[] {
    return this.events;
  }

  /** Whether the batch appended events (the relay has work once it commits). */
  get appended(): boolean {
    return this.events.length > 0;
  }

  /** Runs the items; redeliveries (inbox ids seen before, or twice in the batch) change nothing. */
  async run(items: readonly BatchItem[]): Promise<CommandResult[]> {
    const guessed = this.keys?.guess === true ? newKeysOnly(items, this.keys.seen) : undefined;
    if (guessed) {
      this.guessed = true;
      return this.runOnNewKeys(items, guessed);
    }
    // Keys of redelivered items are locked and read too: harmless, and it saves a round trip.
    const keys = items.flatMap((i) => (i.command.type === 'RecordAlert' ? [i.command.alert.dedupKey] : []));
    const { fresh, latest } = await this.store.openBatch(
      items.flatMap((i) => (i.meta.inboxId ? [i.meta.inboxId] : [])),
      keys,
    );
    for (const [key, incident] of latest) {
      this.latestByKey.set(key, incident.id);
      this.track(incident);
      this.keys?.seen.add(key);
    }
    const taken = new Set<string>();
    const todo = items.map((item) => {
      const id = item.meta.inboxId;
      if (id === undefined) return true;
      if (!fresh.has(id) || taken.has(id)) return false;
      taken.add(id);
      return true;
    });
    await this.load(items.filter((_, i) => todo[i]).map((i) => i.command));
    const results = items.map((item, i): CommandResult => (todo[i] ? this.decide(item) : { kind: 'duplicate' }));
    await this.flush();
    return results;
  }

  /**
   * Every item is a first delivery of an alert whose key has no incident (the guess): decided
   * against no incident, written behind the guess's check in one round trip. The check is sent
   * first, so PostgreSQL runs it while the batch is decided here.
   */
  private async runOnNewKeys(items: readonly BatchItem[], guessed: { ids: string[]; keys: string[] }): Promise<CommandResult[]> {
    const check = this.store.expectNewIncidents(guessed.ids, guessed.keys);
    // Observed below, after the write: a failed check must not go unhandled meanwhile.
    check.catch(() => undefined);
    const results = items.map((item) => this.decide(item));
    try {
      await this.flush();
    } catch (error) {
      // A wrong guess aborted the transaction, so the write failed too: the guess's error says why.
      await check;
      throw error;
    }
    await check;
    return results;
  }

  /** Loads (and locks) the incidents that commands other than RecordAlert name by id. */
  private async load(commands: readonly IncidentCommand[]): Promise<void> {
    const ids = commands.flatMap((c) => (c.type === 'RecordAlert' ? [] : [c.incidentId]));
    const unknown = ids.filter((id) => !this.incidents.has(id));
    for (const incident of (await this.store.byIds(unknown)).values()) this.track(incident);
  }

  private track(incident: Incident): void {
    if (!this.incidents.has(incident.id)) this.incidents.set(incident.id, { state: incident, loadedVersion: incident.version, changed: false });
  }

  private stateFor(command: IncidentCommand): IncidentState {
    const id = command.type === 'RecordAlert' ? this.latestByKey.get(command.alert.dedupKey) : command.incidentId;
    return (id === undefined ? undefined : this.incidents.get(id)?.state) ?? initialState;
  }

  private decide({ command, meta }: BatchItem): CommandResult {
    const before = this.stateFor(command);
    const decision = decide(command, before, this.ctx);
    if (decision.kind !== 'events') {
      if (decision.kind === 'ignored' && command.type === 'CheckTimers' && before.status !== 'none') this.staleTimers.add(before.id);
      return this.outcome({ before, decision, after: before });
    }
    let state: IncidentState = decision.isNew ? initialState : before;
    for (const event of decision.events) {
      state = evolve(state, event);
      this.events.push({
        event,
        snapshot: toSnapshot(state)!,
        alertReceivedAt: meta.alertReceivedAt ?? null,
        correlationId: meta.correlationId ?? null,
        traceparent: meta.traceparent ?? null,
      });
    }
    if (state.status === 'none') throw new Error(`decision for ${decision.incidentId} left no incident`);
    const tracked = this.incidents.get(state.id);
    if (tracked) {
      tracked.state = state;
      tracked.changed = true;
    } else {
      this.incidents.set(state.id, { state, loadedVersion: 0, changed: true });
    }
    this.latestByKey.set(state.dedupKey, state.id);
    return this.outcome({ before, decision, after: state });
  }

  private outcome(outcome: CommandOutcome): CommandResult {
    this.outcomes.push(outcome);
    return { kind: 'applied', ...outcome };
  }

  private async flush(): Promise<void> {
    this.readBack = await this.store.writeBatch<OutboxRef>({
      incidents: [...this.incidents.values()]
        .filter((t) => t.changed)
        .map((t) => ({ state: t.state, expectedVersion: t.loadedVersion, nextTimerAt: nextTimerAt(t.state, this.ctx.policy) ?? null })),
      events: this.events,
      notifyRelay: this.notifyRelay,
      timers: [...this.staleTimers]
        .map((id) => this.incidents.get(id))
        .filter((t): t is Tracked => t !== undefined && !t.changed)
        .map((t) => ({ id: t.state.id, nextTimerAt: nextTimerAt(t.state, this.ctx.policy) ?? null })),
      readAfterCommit: this.readAfterCommit,
    });
    for (const tracked of this.incidents.values()) if (tracked.changed) this.keys?.seen.add(tracked.state.dedupKey);
  }
}

/**
 * The alerts' ids and keys when every item is the first delivery of an alert (an inbox id of
 * its own, none twice) and no key is among those seen; undefined otherwise.
 */
export function newKeysOnly(items: readonly BatchItem[], seen: SeenKeys): { ids: string[]; keys: string[] } | undefined {
  const ids = new Set<string>();
  const keys = new Set<string>();
  for (const { command, meta } of items) {
    if (command.type !== 'RecordAlert' || meta.inboxId === undefined || ids.has(meta.inboxId)) return undefined;
    if (seen.has(command.alert.dedupKey)) return undefined;
    ids.add(meta.inboxId);
    keys.add(command.alert.dedupKey);
  }
  return ids.size === 0 ? undefined : { ids: [...ids], keys: [...keys] };
}
