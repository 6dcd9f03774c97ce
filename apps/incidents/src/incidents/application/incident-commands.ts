import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { counter, Registry } from '@herald/observability';
import { decide, initialState, nextTimerAt, type Decision, type IncidentCommand, type IncidentPolicy, type IncidentState } from '../domain/index.js';
import { ConcurrencyConflict, IncidentStore } from '../store/incident-store.js';

export const INCIDENT_POLICY = Symbol('INCIDENT_POLICY');

export interface CommandMeta {
  /** Id of the consumed message; a redelivery with the same id changes nothing. */
  readonly inboxId?: string;
  readonly alertReceivedAt?: string;
  readonly correlationId?: string;
}

export type CommandResult =
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'applied'; readonly decision: Decision; readonly state: IncidentState };

const MAX_CONFLICT_RETRIES = 5;

/**
 * The I/O shell around the decider: load the incident, decide, append with the
 * expected version, update the read model and inbox, all in one transaction.
 */
@Injectable()
export class IncidentCommands {
  private readonly metrics;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(INCIDENT_POLICY) private readonly policy: IncidentPolicy,
    registry: Registry,
  ) {
    this.metrics = {
      opened: counter(registry, { name: 'herald_incidents_opened_total', help: 'Incidents opened, by severity', labelNames: ['severity'] }),
      resolved: counter(registry, { name: 'herald_incidents_resolved_total', help: 'Incidents resolved, by severity', labelNames: ['severity'] }),
      duplicates: counter(registry, { name: 'herald_alerts_deduplicated_total', help: 'Trigger alerts folded into an open incident' }),
      ignored: counter(registry, { name: 'herald_incident_commands_ignored_total', help: 'Commands that changed nothing, by reason', labelNames: ['reason'] }),
      conflicts: counter(registry, { name: 'herald_incident_conflicts_total', help: 'Optimistic concurrency conflicts retried' }),
    };
    for (const severity of ['critical', 'error', 'warning', 'info']) {
      this.metrics.opened.inc({ severity }, 0);
      this.metrics.resolved.inc({ severity }, 0);
    }
    for (const reason of ['NO_INCIDENT', 'ALREADY_ACKNOWLEDGED', 'ALREADY_RESOLVED', 'NOTHING_DUE']) this.metrics.ignored.inc({ reason }, 0);
  }

  /** Runs one command in its own transaction, retrying on concurrency conflicts. */
  async execute(command: IncidentCommand, meta: CommandMeta = {}): Promise<CommandResult> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.dataSource.transaction((em) => this.executeIn(em, command, meta));
      } catch (error) {
        if (!(error instanceof ConcurrencyConflict) || attempt >= MAX_CONFLICT_RETRIES) throw error;
        this.metrics.conflicts.inc();
      }
    }
  }

  /** Runs commands in one transaction (batch commit). A conflict aborts the whole batch. */
  async executeBatch(items: ReadonlyArray<{ command: IncidentCommand; meta: CommandMeta }>): Promise<CommandResult[]> {
    return this.dataSource.transaction(async (em) => {
      const results: CommandResult[] = [];
      for (const { command, meta } of items) results.push(await this.executeIn(em, command, meta));
      return results;
    });
  }

  private async executeIn(em: EntityManager, command: IncidentCommand, meta: CommandMeta): Promise<CommandResult> {
    const store = new IncidentStore(em);
    if (meta.inboxId && !(await store.markProcessed(meta.inboxId))) return { kind: 'duplicate' };
    const before = command.type === 'RecordAlert' ? await store.latestForKey(command.alert.dedupKey) : await store.byId(command.incidentId);
    const decision = decide(command, before, { newIncidentId: randomUUID, newEventId: randomUUID, policy: this.policy });
    if (decision.kind !== 'events') {
      if (decision.kind === 'ignored') this.metrics.ignored.inc({ reason: decision.reason });
      return { kind: 'applied', decision, state: before };
    }
    const base: IncidentState = decision.isNew ? initialState : before;
    const after = await store.append(base, decision.events, {
      ...(meta.alertReceivedAt ? { alertReceivedAt: meta.alertReceivedAt } : {}),
      ...(meta.correlationId ? { correlationId: meta.correlationId } : {}),
      timerFor: (state) => nextTimerAt(state, this.policy),
    });
    for (const event of decision.events) {
      if (event.type === 'IncidentTriggered') this.metrics.opened.inc({ severity: event.data.severity });
      if (event.type === 'AlertDeduplicated') this.metrics.duplicates.inc();
      if (event.type === 'IncidentResolved' && after.status !== 'none') this.metrics.resolved.inc({ severity: after.severity });
    }
    return { kind: 'applied', decision, state: after };
  }
}
