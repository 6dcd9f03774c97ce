import type { Provider, Type } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LOGGER, type Logger } from '@herald/observability';
import { schemaName } from '@herald/persistence';
import type { DispatchConfig } from '../config.js';
import { CONFIG_CACHE_OPTIONS, ConfigCache, type ConfigCacheOptions } from '../receivers/config-cache.js';
import { ConfigStore } from '../receivers/config-store.js';
import { applyDeclaredConfig, DECLARED_CONFIG, DISPATCH_CONFIG_FILE } from '../receivers/declarative-config.js';
import { ReceiverTester } from '../receivers/receiver-test.js';
import { ReceiversService } from '../receivers/receivers.service.js';
import { NotificationLog } from '../routing/notification-log.js';
import { NotificationPublisher } from '../routing/notification-publisher.js';
import { OpenIncidents } from '../routing/open-incidents.js';
import { REPEAT_OPTIONS, RepeatScheduler, type RepeatOptions } from '../routing/repeat-scheduler.js';
import { ReplayNotification } from '../routing/replay-notification.js';
import { RoutingConfigService } from '../routing/routing-config.service.js';
import { DeliveriesController } from './deliveries.controller.js';
import { DeliveriesService } from './deliveries.service.js';
import { InhibitRulesController, MaintenanceWindowsController, SilencesController } from './policies.controller.js';
import { ReceiversController } from './receivers.controller.js';
import { RoutesController } from './routes.controller.js';

/**
 * The configuration side of dispatch (receivers, routes, silences, inhibition, maintenance,
 * repeats, replays, the management API); DispatchModule spreads these into its own lists.
 */
export function configurationProviders(config: DispatchConfig): Provider[] {
  const schema = schemaName(config.HERALD_NAMESPACE, 'dispatch');
  const cache: ConfigCacheOptions = { databaseUrl: config.DATABASE_URL, refreshMs: config.DISPATCH_CONFIG_REFRESH_MS };
  const repeat: RepeatOptions = { tickMs: config.DISPATCH_REPEAT_TICK_MS };
  return [
    { provide: CONFIG_CACHE_OPTIONS, useValue: cache },
    { provide: REPEAT_OPTIONS, useValue: repeat },
    { provide: ConfigStore, inject: [DataSource], useFactory: (dataSource: DataSource) => new ConfigStore(dataSource, `${schema}_config`.slice(0, 63)) },
    {
      provide: DECLARED_CONFIG,
      inject: [ConfigStore, DISPATCH_CONFIG_FILE, LOGGER],
      useFactory: (store: ConfigStore, file: string | undefined, logger: Logger) => applyDeclaredConfig(store, file, logger),
    },
    ConfigCache,
    ReceiversService,
    ReceiverTester,
    RoutingConfigService,
    OpenIncidents,
    NotificationLog,
    NotificationPublisher,
    RepeatScheduler,
    ReplayNotification,
    DeliveriesService,
  ];
}

export const CONFIGURATION_CONTROLLERS: Type[] = [
  ReceiversController,
  RoutesController,
  SilencesController,
  InhibitRulesController,
  MaintenanceWindowsController,
  DeliveriesController,
];
