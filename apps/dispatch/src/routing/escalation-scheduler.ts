import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { IncidentEventMessage } from '@herald/contracts';
import { Publisher } from '@herald/messaging';
import { counter, LOGGER, Registry, type Logger } from '@herald/observability';
import { PollingLoop } from '@herald/persistence';
import { ConfigCache, type ConfigSnapshot } from '../receivers/config-cache.js';
import { escalationStep, netEscalationChanges } from './domain/index.js';
import { EscalationStore } from './escalation-store.js';

export const ESCALATION_OPTIONS = Symbol('ESCALATION_OPTIONS');

export interface EscalationOptions {
  readonly tickMs: number;
  /** Due steps handled per transaction. */
  readonly batchSize?: number;
}

const RESULTS = ['sent', 'incident_closed', 'policy_gone', 'policy_done'] as const;

/**
 * Runs escalation policies. Incident events start and stop escalations (`follow`, called by
 * the router after it logged a batch); due steps are locked with SKIP LOCKED, so replicas share
 * them and each is sent by one, and sent as an `EscalationDue` message whose id derives from
 * incident, episode, pass and step, published inside the transaction that moves the timer on:
 * a crash before the commit sends the same id again, which JetStream and the incidents
 * service's inbox drop, so a restart neither skips nor repeats a step. The incidents service
 * decides whether the step fires (only while the incident is still triggered) and records it
 * on the incident's timeline as `IncidentEscalated`, which the router turns into the step's
 * notifications.
 */
@Injectable()
export class EscalationScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loop: PollingLoop;
  private readonly steps;

  constructor(
    private readonly store: EscalationStore,
    private readonly config: ConfigCache,
    private readonly publisher: Publisher,
    @Inject(ESCALATION_OPTIONS) private readonly options: EscalationOptions,
    @Inject(LOGGER) private readonly logger: Logger,
    registry: Registry,
  ) {
    this.steps = counter(registry, {
      name: 'herald_dispatch_escalation_steps_total',
      help: 'Due escalation steps by result (sent to the incidents service, or the escalation ended: incident closed, policy deleted, policy done)',
      labelNames: ['result'],
    });
    for (const result of RESULTS) this.steps.inc({ result }, 0);
    // `again`: a step made due while a pass runs (a trigger's step 1) is looked for right after it.
    this.loop = new PollingLoop(() => this.pass(Date.now()), {
      everyMs: options.tickMs,
      overlap: 'again',
      onError: (error) => this.logger.error({ err: error }, 'escalation tick failed'),
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** Starts and stops escalations for a batch of routed incident events; a started one's step 1 goes at once. */
  async follow(messages: readonly IncidentEventMessage[], config: ConfigSnapshot, now: number): Promise<void> {
    // Without policies no route can name one, so nothing starts (and the storm path pays nothing);
    // an escalation left from a deleted policy ends at its next due step.
    if (config.escalationPolicies.size === 0) return;
    const changes = netEscalationChanges(messages, config.route);
    if (changes.length === 0) return;
    if ((await this.store.apply(changes, now)) > 0) void this.tick();
  }

  /** Handles every step due now, a batch per transaction; a tick asked for while one runs runs again after it. */
  tick(now?: number): Promise<void> {
    return this.loop.run(() => this.pass(now ?? Date.now()));
  }

  private async pass(now: number): Promise<void> {
    while ((await this.batch(now)) === (this.options.batchSize ?? 100));
  }

  private async batch(now: number): Promise<number> {
    const limit = this.options.batchSize ?? 100;
    return this.store.transaction(async (manager) => {
      const due = await this.store.lockDue(manager, now, limit);
      const policies = this.config.current.escalationPolicies;
      for (const row of due) {
        const step = escalationStep({ state: row, policy: policies.get(row.policyId), incident: row.incident, now });
        if (step.action === 'drop') {
          await this.store.finish(manager, row.incidentId);
          this.steps.inc({ result: step.reason });
          continue;
        }
        // Published inside the transaction: if the commit fails the next tick publishes the same id.
        await this.publisher.publish('escalationDue', step.due);
        if (step.next) await this.store.advance(manager, row.incidentId, step.next);
        else await this.store.finish(manager, row.incidentId);
        this.steps.inc({ result: 'sent' });
      }
      return due.length;
    });
  }
}
