import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { HealthChecks, LOGGER, type Logger } from '@herald/observability';
import { IncidentCommands } from '../application/incident-commands.js';
import { FailureLog } from '../background/failure-log.js';

export const TIMER_OPTIONS = Symbol('TIMER_OPTIONS');

export interface TimerOptions {
  readonly pollMs: number;
  /** Incidents handled per transaction at most. */
  readonly batchSize: number;
  /** Seconds consumed message ids stay in the inbox; null keeps them forever. */
  readonly inboxRetentionSeconds: number | null;
}

const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * Fires auto-resolve and stabilise timers. The due time lives in PostgreSQL
 * (`incidents.next_timer_at`), so a timer survives any restart; every replica polls,
 * and `FOR UPDATE SKIP LOCKED` lets them share the due incidents without waiting on
 * each other. Each due incident gets a `CheckTimers` through IncidentCommands, like
 * any other command. Also prunes inbox rows older than the retention, now and then.
 */
@Injectable()
export class TimerScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private lastPrune = 0;
  private readonly failures: FailureLog;

  constructor(
    private readonly commands: IncidentCommands,
    @Inject(TIMER_OPTIONS) private readonly options: TimerOptions,
    @Inject(LOGGER) private readonly logger: Logger,
    health: HealthChecks,
  ) {
    health.register('timer-scheduler', () => !this.stopping && this.loop !== undefined);
    this.failures = new FailureLog(logger, 'timer-scheduler');
  }

  onApplicationBootstrap(): void {
    this.failures.start();
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.failures.stop();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        let handled: number;
        do handled = await this.commands.runDueTimers(this.options.batchSize);
        while (handled === this.options.batchSize && !this.stopping);
        await this.pruneInbox();
      } catch (error) {
        this.failures.failed(error, 'timer pass failed; retrying');
      }
      await this.sleep(this.options.pollMs);
    }
  }

  private async pruneInbox(): Promise<void> {
    const retention = this.options.inboxRetentionSeconds;
    if (retention === null || Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    let pruned = 0;
    let chunk: number;
    do {
      chunk = await this.commands.pruneInbox(retention);
      pruned += chunk;
    } while (chunk > 0 && !this.stopping);
    if (pruned > 0) this.logger.info({ pruned }, 'inbox pruned');
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
