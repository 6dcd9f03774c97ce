import { Injectable } from '@nestjs/common';
import { ConfigCache } from '../receivers/config-cache.js';
import { DispatchError } from '../receivers/domain/dispatch.errors.js';
import { NotificationLog } from './notification-log.js';
import { NotificationPublisher } from './notification-publisher.js';

export interface Replayed {
  readonly jobId: string;
  readonly replayOf: string;
  readonly receiverId: string;
}

/**
 * Sends a logged notification again as a new job, `<root job id>.replay-<n>`: a new id, so
 * JetStream does not drop it as a duplicate, and the delivery log keeps each replay's
 * attempts apart. Works for any logged job (delivered, failed, dead, or muted).
 */
@Injectable()
export class ReplayNotification {
  constructor(
    private readonly log: NotificationLog,
    private readonly config: ConfigCache,
    private readonly publisher: NotificationPublisher,
  ) {}

  async replay(jobId: string, now = Date.now()): Promise<Replayed> {
    const record = await this.log.find(jobId);
    if (!record) throw DispatchError.notFound('delivery', jobId);
    const receiver = this.config.current.receivers.get(record.job.receiverId);
    if (!receiver) throw new DispatchError('NOT_FOUND', `receiver "${record.job.receiverId}" of delivery "${jobId}" no longer exists`);
    if (!receiver.enabled) throw new DispatchError('IN_USE', `receiver "${receiver.id}" is paused; resume it before replaying`);
    const root = record.rootJobId;
    let sequence = (await this.log.replaysOf(root)).length + 1;
    for (let tries = 0; tries < 10; tries++, sequence++) {
      const notification = {
        job: { ...record.job, id: `${root}.replay-${sequence}`, channel: receiver.channel, createdAt: new Date(now).toISOString() },
        kind: 'replay' as const,
        rootJobId: root,
      };
      // Two replays at once: the loser of the insert takes the next number.
      const inserted = await this.log.transaction((manager) => this.log.insert(manager, notification));
      if (!inserted) continue;
      await this.publisher.publish(notification, now);
      await this.log.markPublished([notification.job.id]);
      return { jobId: notification.job.id, replayOf: root, receiverId: receiver.id };
    }
    throw new DispatchError('VERSION_CONFLICT', `could not number a replay of "${root}"; try again`);
  }
}
