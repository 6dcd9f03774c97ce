import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { counter, LOGGER, Registry, type Logger } from '@herald/observability';
import { PollingLoop } from '@herald/persistence';
import { ConfigCache } from '../receivers/config-cache.js';
import { muteDecision, repeatStep } from './domain/index.js';
import { NotificationLog } from './notification-log.js';
import { NotificationPublisher } from './notification-publisher.js';
import { OpenIncidents } from './open-incidents.js';

export const REPEAT_OPTIONS = Symbol('REPEAT_OPTIONS');

export interface RepeatOptions {
  readonly tickMs: number;
  /** Due repeats handled per transaction. */
  readonly batchSize?: number;
}

const RESULTS = ['sent', 'postponed', 'dropped'] as const;

/**
 * Re-sends the last notification of incidents still `triggered` once their route's
 * `repeatIntervalSeconds` has passed. State is `repeat_state` in PostgreSQL (last notified
 * time and repeat count per incident and receiver); due rows are locked with SKIP LOCKED so
 * replicas share the work, and a repeat's job id carries its sequence number
 * (`<event>.<receiver>.repeat-<n>`), so a tick that runs twice publishes one job.
 */
@Injectable()
export class RepeatScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loop: PollingLoop;
  private readonly repeats;

  constructor(
    private readonly log: NotificationLog,
    private readonly config: ConfigCache,
    private readonly incidents: OpenIncidents,
    private readonly publisher: NotificationPublisher,
    @Inject(REPEAT_OPTIONS) private readonly options: RepeatOptions,
    @Inject(LOGGER) private readonly logger: Logger,
    registry: Registry,
  ) {
    this.repeats = counter(registry, {
      name: 'herald_dispatch_repeats_total',
      help: 'Due repeat notifications by result (sent, postponed while muted/paused/flapping, dropped when the incident closed or the route changed)',
      labelNames: ['result'],
    });
    for (const result of RESULTS) this.repeats.inc({ result }, 0);
    this.loop = new PollingLoop(() => this.pass(Date.now()), {
      everyMs: options.tickMs,
      overlap: 'skip',
      onError: (error) => this.logger.error({ err: error }, 'repeat tick failed'),
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** Handles every repeat due now, a batch per transaction; overlapping ticks are skipped. */
  tick(now = Date.now()): Promise<void> {
    return this.loop.run(() => this.pass(now));
  }

  private async pass(now: number): Promise<void> {
    while ((await this.batch(now)) === (this.options.batchSize ?? 100));
  }

  private async batch(now: number): Promise<number> {
    const limit = this.options.batchSize ?? 100;
    return this.log.transaction(async (manager) => {
      const due = await this.log.lockDue(manager, now, limit);
      const config = this.config.current;
      await this.incidents.track(config.inhibitRules.length > 0);
      const openIncidents = this.incidents.list();
      for (const row of due) {
        const step = repeatStep({
          due: row,
          incident: row.incident,
          tree: config.route,
          receiver: config.receivers.get(row.receiverId),
          mute: (message) =>
            muteDecision(message, { silences: config.silences, inhibitions: config.inhibitRules, maintenance: config.maintenanceWindows, openIncidents, now }),
          now,
        });
        switch (step.action) {
          case 'drop':
            await this.log.dropRepeat(manager, row.incidentId, row.receiverId);
            this.repeats.inc({ result: 'dropped' });
            break;
          case 'postpone':
            await this.log.postponeRepeat(manager, row.incidentId, row.receiverId, step.nextAt);
            this.repeats.inc({ result: 'postponed' });
            break;
          case 'send': {
            const receiver = config.receivers.get(row.receiverId)!;
            const notification = {
              job: { id: step.jobId, receiverId: receiver.id, channel: receiver.channel, createdAt: new Date(now).toISOString(), message: step.message },
              kind: 'repeat' as const,
              rootJobId: step.jobId,
            };
            await this.log.insert(manager, notification);
            // Published inside the transaction: if the commit fails the next tick publishes the same id, which JetStream drops.
            await this.publisher.publish(notification, now);
            await this.log.markPublished([step.jobId], manager);
            await this.log.repeated(manager, row.incidentId, row.receiverId, step.sequence, now, step.nextAt);
            this.repeats.inc({ result: 'sent' });
            break;
          }
        }
      }
      return due.length;
    });
  }
}
