import { Module, type DynamicModule } from '@nestjs/common';
import type { DispatchConfig } from '../config.js';
import { oncePerConfig } from '../context-module.js';
import { DeliveryModule } from '../delivery/delivery.module.js';
import { ConfigurationModule } from '../receivers/configuration.module.js';
import { GROUP_FLUSH_OPTIONS, GroupFlushScheduler, type GroupFlushOptions } from './group-flush-scheduler.js';
import { NotificationGroups } from './notification-groups.js';
import { NotificationLog } from './notification-log.js';
import { NotificationPublisher } from './notification-publisher.js';
import { OpenIncidents } from './open-incidents.js';
import { REPEAT_OPTIONS, RepeatScheduler, type RepeatOptions } from './repeat-scheduler.js';
import { ReplayNotification } from './replay-notification.js';
import { RouteIncidentEvents } from './route-incident-events.consumer.js';

/**
 * Dispatch's routing context: turns incident events into notifications (routing tree,
 * muting, grouping, repeats, replays), logs them so one event reaches one receiver once, and hands
 * them to delivery as jobs. Muted notifications are written to delivery's log (its one
 * dependency on delivery); delivery never depends on routing.
 */
@Module({})
export class RoutingModule {
  static readonly forRoot = oncePerConfig((config: DispatchConfig): DynamicModule => {
    const repeat: RepeatOptions = { tickMs: config.DISPATCH_REPEAT_TICK_MS };
    const groups: GroupFlushOptions = { tickMs: config.DISPATCH_GROUP_TICK_MS };
    return {
      module: RoutingModule,
      imports: [ConfigurationModule.forRoot(config), DeliveryModule.forRoot(config)],
      controllers: [RouteIncidentEvents],
      providers: [
        { provide: REPEAT_OPTIONS, useValue: repeat },
        { provide: GROUP_FLUSH_OPTIONS, useValue: groups },
        OpenIncidents,
        NotificationLog,
        NotificationPublisher,
        NotificationGroups,
        RepeatScheduler,
        GroupFlushScheduler,
        ReplayNotification,
      ],
      exports: [ReplayNotification],
    };
  });
}
