import { Module, type DynamicModule } from '@nestjs/common';
import type { DispatchConfig } from '../config.js';
import { oncePerConfig } from '../context-module.js';
import { DeliveryModule } from '../delivery/delivery.module.js';
import { DIRECT_SEND_OPTIONS, DirectSender, type DirectSendOptions } from './direct/direct-sender.js';
import { DirectSendStore } from './direct/direct-send-store.js';
import { DIRECT_SWEEP_OPTIONS, DirectSweeper, type DirectSweepOptions } from './direct/direct-sweeper.js';
import { ConfigurationModule } from '../receivers/configuration.module.js';
import { GROUP_FLUSH_OPTIONS, GroupFlushScheduler, type GroupFlushOptions } from './group-flush-scheduler.js';
import { NotificationGroups } from './notification-groups.js';
import { NotificationLog } from './notification-log.js';
import { NotificationPublisher } from './notification-publisher.js';
import { OpenIncidents } from './open-incidents.js';
import { REPEAT_OPTIONS, RepeatScheduler, type RepeatOptions } from './repeat-scheduler.js';
import { ESCALATION_OPTIONS, EscalationScheduler, type EscalationOptions } from './escalation-scheduler.js';
import { EscalationStore } from './escalation-store.js';
import { ReplayNotification } from './replay-notification.js';
import { RouteIncidentEvents } from './route-incident-events.consumer.js';

/**
 * Dispatch's routing context: turns incident events into notifications (routing tree,
 * muting, grouping, repeats, replays, escalation policies), logs them so one event reaches one receiver once, and hands
 * them to delivery as jobs: through DISPATCH, or straight to delivery's sender for the first
 * attempt of a fresh job to a healthy receiver (direct sends). Muted notifications are written to delivery's log and
 * DELIVERIES (through delivery's OutcomeRecorder); delivery never depends on routing.
 */
@Module({})
export class RoutingModule {
  static readonly forRoot = oncePerConfig((config: DispatchConfig): DynamicModule => {
    const repeat: RepeatOptions = { tickMs: config.DISPATCH_REPEAT_TICK_MS };
    // A direct attempt takes at most a local wait for a slot (5 s) and the request timeout.
    const attemptMs = 5_000 + config.DISPATCH_REQUEST_TIMEOUT_MS;
    const direct: DirectSendOptions = { enabled: config.DISPATCH_DIRECT_SEND, limit: config.DISPATCH_CONCURRENCY, drainMs: attemptMs + 1_000 };
    const sweep: DirectSweepOptions = { instanceTtlMs: config.DISPATCH_INSTANCE_TTL_MS, horizonMs: Math.max(30_000, 2 * attemptMs), batchSize: 500 };
    const escalation: EscalationOptions = { tickMs: config.DISPATCH_ESCALATION_TICK_MS };
    const groups: GroupFlushOptions = { tickMs: config.DISPATCH_GROUP_TICK_MS };
    return {
      module: RoutingModule,
      imports: [ConfigurationModule.forRoot(config), DeliveryModule.forRoot(config)],
      controllers: [RouteIncidentEvents],
      providers: [
        { provide: REPEAT_OPTIONS, useValue: repeat },
        { provide: DIRECT_SEND_OPTIONS, useValue: direct },
        { provide: DIRECT_SWEEP_OPTIONS, useValue: sweep },
        { provide: ESCALATION_OPTIONS, useValue: escalation },
        { provide: GROUP_FLUSH_OPTIONS, useValue: groups },
        OpenIncidents,
        NotificationLog,
        NotificationPublisher,
        NotificationGroups,
        RepeatScheduler,
        GroupFlushScheduler,
        ReplayNotification,
        DirectSendStore,
        DirectSender,
        DirectSweeper,
        EscalationStore,
        EscalationScheduler,
      ],
      exports: [ReplayNotification],
    };
  });
}
