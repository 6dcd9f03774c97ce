import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { NOTIFICATION_REASONS } from '@herald/contracts';
import { counter, LOGGER, Registry, type Logger } from '@herald/observability';
import { PollingLoop } from '@herald/persistence';
import { ConfigCache } from '../receivers/config-cache.js';
import { flush, type GroupState } from './domain/index.js';
import { NotificationGroups } from './notification-groups.js';
import { NotificationLog, type LoggedNotification } from './notification-log.js';
import { NotificationPublisher } from './notification-publisher.js';

export const GROUP_FLUSH_OPTIONS = Symbol('GROUP_FLUSH_OPTIONS');

export interface GroupFlushOptions {
  readonly tickMs: number;
  /** Due groups flushed per transaction. */
  readonly batchSize?: number;
  /** A group notification logged this long ago and still unpublished was cut short by a crash: publish it. */
  readonly repairAfterSeconds?: number;
}

/**
 * Flushes due notification groups, in the style of the RepeatScheduler: due groups are locked
 * with SKIP LOCKED, so replicas share them and no group is flushed by two at once. Per
 * transaction: decide each flush (pure `flush`), log its notification (job id from the group
 * key, its incarnation and the flush sequence) and write the group's new state; publish after
 * the commit. A crash before the commit leaves the group due, and the same flush is decided
 * again under the same job id; a crash after it leaves a logged, unpublished notification,
 * which the repair pass publishes (JetStream and the delivery log drop a second copy of an id).
 */
@Injectable()
export class GroupFlushScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loop: PollingLoop;
  private readonly notifications;

  constructor(
    private readonly groups: NotificationGroups,
    private readonly log: NotificationLog,
    private readonly config: ConfigCache,
    private readonly publisher: NotificationPublisher,
    @Inject(GROUP_FLUSH_OPTIONS) private readonly options: GroupFlushOptions,
    @Inject(LOGGER) private readonly logger: Logger,
    registry: Registry,
  ) {
    this.notifications = counter(registry, {
      name: 'herald_dispatch_group_notifications_total',
      help: 'Group notifications decided by the group flush, by notification_reason',
      labelNames: ['reason'],
    });
    for (const reason of NOTIFICATION_REASONS) this.notifications.inc({ reason }, 0);
    this.loop = new PollingLoop(() => this.pass(Date.now()), {
      everyMs: options.tickMs,
      overlap: 'skip',
      onError: (error) => this.logger.error({ err: error }, 'group flush failed'),
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** Flushes every group due now, a batch per transaction, then repairs cut-short publishes; overlapping ticks are skipped. */
  tick(now = Date.now()): Promise<void> {
    return this.loop.run(() => this.pass(now));
  }

  private async pass(now: number): Promise<void> {
    while ((await this.batch(now)) === (this.options.batchSize ?? 100));
    await this.repair();
  }

  private async batch(now: number): Promise<number> {
    const limit = this.options.batchSize ?? 100;
    const toPublish: LoggedNotification[] = [];
    const count = await this.log.transaction(async (manager) => {
      const due = await this.groups.lockDue(manager, now, limit);
      const flushed = due.map((state) => this.decide(state, now, toPublish));
      await this.groups.saveFlushes(manager, flushed);
      await this.log.insertMany(manager, toPublish);
      return due.length;
    });
    if (toPublish.length === 0) return count;
    await this.publisher.publishAll(toPublish, now);
    await this.log.markPublished(toPublish.map((n) => n.job.id));
    return count;
  }

  private decide(state: GroupState, now: number, out: LoggedNotification[]): { key: string; next: GroupState | undefined } {
    const receiver = this.config.current.receivers.get(state.receiverId);
    // The receiver was deleted: its groups end with it.
    if (!receiver) return { key: state.key, next: undefined };
    const { notification, next } = flush(state, now);
    if (notification) {
      this.notifications.inc({ reason: notification.group.reason });
      out.push({
        job: { id: notification.jobId, receiverId: receiver.id, channel: receiver.channel, createdAt: new Date(now).toISOString(), message: notification.message, group: notification.group },
        kind: 'group',
        rootJobId: notification.jobId,
        ...(!receiver.enabled ? { muted: { by: 'paused' as const, id: receiver.id } } : {}),
      });
    }
    return { key: state.key, next };
  }

  private async repair(): Promise<void> {
    await this.log.transaction(async (manager) => {
      const stale = await this.log.lockUnpublishedGroups(manager, this.options.repairAfterSeconds ?? 5, 100);
      if (stale.length === 0) return;
      await this.publisher.publishAll(stale);
      await this.log.markPublished(
        stale.map((n) => n.job.id),
        manager,
      );
      this.logger.warn({ jobs: stale.length }, 'published group notifications a crash had cut short');
    });
  }
}
