import { Module, type DynamicModule } from '@nestjs/common';
import type { DispatchConfig } from '../config.js';
import { oncePerConfig } from '../context-module.js';
import { DeliveryModule } from '../delivery/delivery.module.js';
import { ConfigurationModule } from '../receivers/configuration.module.js';
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
 * muting, repeats, replays, escalation policies), logs them so one event reaches one receiver once, and hands
 * them to delivery as jobs. Muted notifications are written to delivery's log (its one
 * dependency on delivery); delivery never depends on routing.
 */
@Module({})
export class RoutingModule {
  static readonly forRoot = oncePerConfig((config: DispatchConfig): DynamicModule => {
    const repeat: RepeatOptions = { tickMs: config.DISPATCH_REPEAT_TICK_MS };
    const escalation: EscalationOptions = { tickMs: config.DISPATCH_ESCALATION_TICK_MS };
    return {
      module: RoutingModule,
      imports: [ConfigurationModule.forRoot(config), DeliveryModule.forRoot(config)],
      controllers: [RouteIncidentEvents],
      providers: [
        { provide: REPEAT_OPTIONS, useValue: repeat },
        OpenIncidents,
        NotificationLog,
        NotificationPublisher,
        RepeatScheduler,
        ReplayNotification,
        { provide: ESCALATION_OPTIONS, useValue: escalation },
        EscalationStore,
        EscalationScheduler,
      ],
      exports: [ReplayNotification],
    };
  });
}
