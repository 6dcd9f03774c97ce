import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Publisher } from '@herald/messaging';
import { LOGGER, type Logger } from '@herald/observability';
import { PollingLoop } from '@herald/persistence';
import { decideHeartbeat } from './domain/heartbeat.js';
import { heartbeatAlert } from './domain/heartbeat-alert.js';
import { HeartbeatMetrics } from './heartbeat-metrics.js';
import { HeartbeatStore } from './heartbeat-store.js';

export const HEARTBEAT_OPTIONS = Symbol('HEARTBEAT_OPTIONS');

export interface HeartbeatOptions {
  /** How often each replica looks for missed heartbeats; a miss is seen at most this late. */
  readonly checkMs: number;
  /** Due heartbeats handled per transaction. */
  readonly batchSize?: number;
}

/**
 * Finds heartbeats whose interval and grace have passed without a ping and opens their incident.
 * Due rows are locked with SKIP LOCKED (replicas share the work, one heartbeat is checked by one
 * at a time); the opening alert is published before the state commits, under an id derived from
 * the miss number, so a crash between the two publishes the same message again on the next
 * check (JetStream and the incidents inbox keep it once), and a miss is never lost.
 */
@Injectable()
export class HeartbeatScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loop: PollingLoop;
  private failing = false;

  constructor(
    private readonly store: HeartbeatStore,
    private readonly publisher: Publisher,
    private readonly metrics: HeartbeatMetrics,
    @Inject(HEARTBEAT_OPTIONS) private readonly options: HeartbeatOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.loop = new PollingLoop(() => this.pass(Date.now()), {
      everyMs: options.checkMs,
      overlap: 'skip',
      onError: (error) => {
        // Logged once per outage, not once per tick: the next tick retries.
        if (!this.failing) this.logger.error({ err: error }, 'heartbeat check failed; retrying every tick');
        this.failing = true;
      },
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** Announces every miss due by `now`, a batch per transaction; overlapping ticks are skipped. */
  tick(now = Date.now()): Promise<void> {
    return this.loop.run(() => this.pass(now));
  }

  private async pass(now: number): Promise<void> {
    while ((await this.batch(now)) === (this.options.batchSize ?? 100));
    if (this.failing) this.logger.info('heartbeat checks work again');
    this.failing = false;
  }

  private async batch(now: number): Promise<number> {
    const limit = this.options.batchSize ?? 100;
    const missed: Array<{ integrationId: string; miss: number }> = [];
    await this.store.transaction(async (manager) => {
      const rows = await this.store.lockDue(manager, now, limit);
      for (const { subject, state } of rows) {
        const decision = decideHeartbeat(state, { type: 'check', at: now }, subject.timing);
        if (decision.effect.kind === 'none') continue;
        await this.publisher.publish('canonicalAlerts', { alerts: [heartbeatAlert(subject, decision.effect, now)] });
        await this.store.save(manager, subject.id, decision.state);
        missed.push({ integrationId: subject.id, miss: decision.effect.miss });
      }
    });
    for (const { integrationId, miss } of missed) {
      this.metrics.missed(integrationId);
      this.logger.warn({ integrationId, miss }, 'heartbeat missed: its incident is opened');
    }
    // Counted by what was announced, so a row the decider leaves alone can never keep the loop going.
    return missed.length;
  }
}
