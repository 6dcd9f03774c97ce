import { Controller, Inject } from '@nestjs/common';
import { CONSUMERS, type IncidentEventMessage, type IncidentSnapshot } from '@herald/contracts';
import { ConsumeBatch, workContextOf, type InboundMessage } from '@herald/messaging';
import { counter, LOGGER, logContext, Registry, type Logger, type WorkContext } from '@herald/observability';
import { ConfigCache, type ConfigSnapshot } from '../receivers/config-cache.js';
import { DirectSender } from './direct/direct-sender.js';
import { type GroupChange, groupChanges, matchRoutes, muteDecision, planNotifications, withEscalationStep, type MuteDecision } from './domain/index.js';
import { EscalationScheduler } from './escalation-scheduler.js';
import { NotificationGroups } from './notification-groups.js';
import { NotificationLog, type LoggedNotification, type RoutedEvent } from './notification-log.js';
import { NotificationPublisher } from './notification-publisher.js';
import { OpenIncidents } from './open-incidents.js';

const NOT_MUTED: MuteDecision = { muted: false };
/** Longest routing waits for direct sends to make room before it sends the rest through DISPATCH (well inside the ack wait). */
const ROOM_WAIT_MS = 2_000;
/**
 * Events routed per batch: well under the direct-send limit (DISPATCH_CONCURRENCY, 256), so
 * the next batch is routed and logged while the sends of the last ones are under way. At 200,
 * a batch waited for room until the previous one's sends were nearly done, and dispatch
 * drained a 10k burst at 70% of its core; at 100 the burst went 14% faster on 8% less CPU
 * per alert (three alternating runs each; 50 was no better).
 */
const ROUTER_BATCH = 100;
/**
 * INCIDENTS messages taken at once. Each carries a run of up to 100 events (the relay's commit
 * order, MAX_EVENTS_PER_MESSAGE), routed ROUTER_BATCH at a time; two bound what routing holds
 * (the consumer buffers twice as many) while a quiet stream's lone events still come together.
 */
const ROUTER_MESSAGES = 2;

/** An event to route, and whether its message was handed out before (only then may it have been routed: InboundMessage.redelivered). */
interface EventToRoute {
  readonly data: IncidentEventMessage;
  readonly redelivered: boolean;
}

/**
 * Turns incident events into one notification per routed receiver, a batch at a time:
 * route each event (tree, subscriptions, flapping hold-back) and mute it (silences,
 * maintenance windows, inhibition by the open incidents, paused receivers) in memory; then
 * every job not published before is published at once (the notification log is the guard
 * that the same event never reaches one receiver twice), except the fresh jobs this replica
 * sends itself; then one statement logs every notification, the incidents' snapshots and the
 * repeat bookkeeping, and the direct sends start.
 * One batch at a time, so an incident's events are routed in the order they were relayed.
 */
@Controller()
export class RouteIncidentEvents {
  private readonly unknownReceivers;

  constructor(
    private readonly config: ConfigCache,
    private readonly incidents: OpenIncidents,
    private readonly log: NotificationLog,
    private readonly publisher: NotificationPublisher,
    private readonly direct: DirectSender,
    private readonly escalations: EscalationScheduler,
    private readonly groups: NotificationGroups,
    @Inject(LOGGER) private readonly logger: Logger,
    registry: Registry,
  ) {
    this.unknownReceivers = counter(registry, {
      name: 'herald_dispatch_unknown_receiver_total',
      help: 'Routes that named a receiver that does not exist (a configuration mistake)',
    });
    this.unknownReceivers.inc(0);
  }

  @ConsumeBatch(CONSUMERS.dispatchRouter, { batchSize: ROUTER_MESSAGES, concurrency: 1 })
  async handle(messages: readonly InboundMessage<'incidentEvents'>[]): Promise<void> {
    // The messages' work carries the first one's correlation id and trace: its job messages, its
    // direct sends and their outcomes (reading every message's headers cost more than it told).
    const context = workContextOf(messages[0]!);
    const events = messages.flatMap((m) => m.data.events.map((data) => ({ data, redelivered: m.redelivered })));
    // In commit order, a slice at a time: an incident's events are routed in the order they were relayed.
    for (let i = 0; i < events.length; i += ROUTER_BATCH) await this.routeSlice(events.slice(i, i + ROUTER_BATCH), context);
  }

  private async routeSlice(events: readonly EventToRoute[], context: WorkContext): Promise<void> {
    const now = Date.now();
    const config = this.config.current;
    await this.incidents.track(config.inhibitRules.length > 0);
    // Incidents this batch opens or closes count for inhibition of the events after them.
    const overlay = new Map<string, IncidentSnapshot>();
    const routed = events.map((e) => {
      const decision = this.route(e.data, config, overlay, now, context);
      overlay.set(e.data.incident.id, e.data.incident);
      return decision;
    });
    // Published first, logged after: the log's rows are then written once and never updated
    // (marking thousands of rows published afterwards cost PostgreSQL more than the inserts).
    // A crash in between leaves the jobs published and unlogged; the redelivered events publish
    // them again under the same ids, which JetStream drops within its duplicate window and the
    // delivery log after it (a job already final is never sent again).
    // Only a redelivered event can have been routed before (the relay puts each event in the
    // stream once: its recovery pass skips what is already there), so only a redelivered
    // event's jobs are looked up in the log; a batch of first deliveries saves the round trip.
    const redelivered = new Set(routed.flatMap((r, i) => (events[i]?.redelivered !== false ? r.notifications : [])));
    const pending = await this.log.unpublished(
      routed.flatMap((r) => r.notifications),
      (n) => redelivered.has(n),
    );
    // Fresh jobs for healthy, quick receivers are sent from here (see DirectSender): logged
    // first, with this replica's name, and started once the log has them; the rest is published.
    const candidates = pending.map((n) => ({ jobId: n.job.id, receiverId: n.job.receiverId, muted: n.muted !== undefined, redelivered: redelivered.has(n) }));
    await this.direct.roomFor(candidates, ROOM_WAIT_MS);
    const direct = this.direct.choose(candidates);
    const viaBroker = direct.size === 0 ? pending : pending.filter((n) => !direct.has(n.job.id));
    await this.publisher.publishAll(viaBroker, now, context);
    const { snapshotsWritten } = await this.log.record(routed, new Set(viaBroker.map((n) => n.job.id)), { jobIds: direct, instance: this.direct.instance });
    for (const message of snapshotsWritten) this.incidents.remember(message);
    // After the log, so a step fired at once finds the snapshots just written; a redelivered batch rewinds nothing (EscalationStore.apply).
    await this.escalations.follow(events.map((e) => e.data), config, now);
    // Grouped routes: the events go into their groups; the group flush notifies (GroupFlushScheduler).
    await this.groups.absorb(
      routed.flatMap((r) => r.groups),
      now,
    );
    if (direct.size > 0) {
      const jobs = pending.filter((n) => direct.has(n.job.id)).map((n) => n.job);
      this.publisher.noteCreated(jobs);
      this.direct.start(jobs, context);
    }
  }

  private route(
    event: IncidentEventMessage,
    config: ConfigSnapshot,
    overlay: ReadonlyMap<string, IncidentSnapshot>,
    now: number,
    context: WorkContext,
  ): RoutedEvent & { groups: GroupChange[] } {
    const targets = matchRoutes(config.route, event);
    // An escalation step notifies the receivers its policy names, routed or not (withEscalationStep).
    const mute =
      targets.length === 0 && event.event.type !== 'IncidentEscalated'
        ? NOT_MUTED
        : muteDecision(event, {
            silences: config.silences,
            inhibitions: config.inhibitRules,
            maintenance: config.maintenanceWindows,
            openIncidents: this.incidents.snapshotsWith(overlay),
            now,
          });
    const receiver = (id: string) => config.receivers.get(id);
    const plan = withEscalationStep(planNotifications({ message: event, targets, receiver, mute }), { message: event, receiver, mute });
    if (plan.unknownReceivers.length > 0) {
      this.unknownReceivers.inc(plan.unknownReceivers.length);
      this.logger.warn({ receivers: plan.unknownReceivers, routeVersion: config.routeVersion, ...logContext(context) }, 'routing tree names unknown receivers');
    }
    const createdAt = new Date(now).toISOString();
    const notifications: LoggedNotification[] = plan.notifications.map((n) => ({
      job: { id: n.jobId, receiverId: n.receiverId, channel: n.channel, createdAt, message: event },
      kind: 'event',
      rootJobId: n.jobId,
      ...(n.muted ? { muted: n.muted } : {}),
    }));
    return { message: event, notifications, repeats: plan.repeats, now, groups: groupChanges(event, plan.groups) };
  }
}
