import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { LOGGER, type Logger } from '@herald/observability';
import { RollupStore } from './rollup-store.js';

export const RETENTION_OPTIONS = Symbol('RETENTION_OPTIONS');

export interface RetentionOptions {
  readonly inboxHours: number;
  readonly rollupDays: number;
  readonly everyMs: number;
}

/** Deletes inbox ids and rollups past their retention, at start and then periodically. */
@Injectable()
export class RollupRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: RollupStore,
    @Inject(RETENTION_OPTIONS) private readonly options: RetentionOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    void this.prune();
    this.timer = setInterval(() => void this.prune(), this.options.everyMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async prune(): Promise<void> {
    const now = Date.now();
    try {
      const removed = await this.store.prune(new Date(now - this.options.inboxHours * 3_600_000), new Date(now - this.options.rollupDays * 86_400_000));
      if (removed.inbox + removed.rollups > 0) this.logger.info(removed, 'pruned analytics inbox and rollups');
    } catch (error) {
      this.logger.warn({ err: error }, 'pruning analytics data failed; will try again');
    }
  }
}
