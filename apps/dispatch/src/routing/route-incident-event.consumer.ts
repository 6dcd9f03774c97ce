import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CONSUMERS } from '@herald/contracts';
import { ack, Consumers, type InboundMessage, type Outcome } from '@herald/messaging';
import { counter, LOGGER, Registry, type Logger } from '@herald/observability';
import { ConfigCache } from '../receivers/config-cache.js';
import { matchRoutes, muteDecision, planNotifications, type MuteDecision } from './domain/index.js';
import { NotificationLog, type LoggedNotification } from './notification-log.js';
import { NotificationPublisher } from './notification-publisher.js';
import { OpenIncidents } from './open-incidents.js';

const NOT_MUTED: MuteDecision = { muted: false };

/**
 * Turns each incident event into one notification per routed receiver: route (tree,
 * subscriptions, flapping hold-back), mute (silences, maintenance windows, inhibition by the
 * open incidents, paused receivers), log (the same event never reaches one receiver twice),
 * then publish the job, or the `muted` outcome. Keeps the open-incident view and the repeat
 * bookkeeping up to date on the way.
 */
@Injectable()
export class RouteIncidentEvent implements OnModuleInit {
  private readonly unknownReceivers;

  constructor(
    private readonly consumers: Consumers,
    private readonly config: ConfigCache,
    private readonly incidents: OpenIncidents,
    private readonly log: NotificationLog,
    private readonly publisher: NotificationPublisher,
    @Inject(LOGGER) private readonly logger: Logger,
    registry: Registry,
  ) {
    this.unknownReceivers = counter(registry, {
      name: 'herald_dispatch_unknown_receiver_total',
      help: 'Routes that named a receiver that does not exist (a configuration mistake)',
    });
    this.unknownReceivers.inc(0);
  }

  onModuleInit(): void {
    this.consumers.register(CONSUMERS.dispatchRouter, { handle: (m) => this.handle(m), concurrency: 8 });
  }

  private async handle(message: InboundMessage<'incidentEvent'>): Promise<Outcome> {
    const event = message.data;
    const now = Date.now();
    const config = this.config.current;
    const targets = matchRoutes(config.route, event);
    const mute =
      targets.length === 0
        ? NOT_MUTED
        : muteDecision(event, {
            silences: config.silences,
            inhibitions: config.inhibitRules,
            maintenance: config.maintenanceWindows,
            openIncidents: this.incidents.list(),
            now,
          });
    const plan = planNotifications({ message: event, targets, receiver: (id) => config.receivers.get(id), mute });
    if (plan.unknownReceivers.length > 0) {
      this.unknownReceivers.inc(plan.unknownReceivers.length);
      this.logger.warn({ receivers: plan.unknownReceivers, routeVersion: config.routeVersion }, 'routing tree names unknown receivers');
    }
    const createdAt = new Date(now).toISOString();
    const notifications: LoggedNotification[] = plan.notifications.map((n) => ({
      job: { id: n.jobId, receiverId: n.receiverId, channel: n.channel, createdAt, message: event },
      kind: 'event',
      rootJobId: n.jobId,
      ...(n.muted ? { muted: n.muted } : {}),
    }));
    // One commit for the incident's snapshot, the log and the repeat state.
    let recorded = false;
    const pending = await this.log.record(notifications, plan.repeats, { message: event, now }, async (m) => (recorded = await this.incidents.record(event, m)));
    if (recorded) this.incidents.remember(event);
    for (const n of pending) await this.publisher.publish(n, now);
    await this.log.markPublished(pending.map((n) => n.job.id));
    return ack();
  }
}
