import { Module, type DynamicModule } from '@nestjs/common';
import { MessagingModule, messagingOptionsFromEnv } from '@herald/messaging';
import { accessOptions, ObservabilityModule } from '@herald/observability';
import { PersistenceModule, schemaName } from '@herald/persistence';
import { DISPATCH_API } from './api/dispatch.openapi.js';
import { CONFIGURATION_CONTROLLERS, configurationProviders } from './api/configuration.providers.js';
import type { DispatchConfig } from './config.js';
import { deliveryProviders } from './delivery/delivery.providers.js';
import { DISPATCH_MIGRATIONS } from './dispatch.migrations.js';
import { DISPATCH_CONFIG_FILE, ReceiverRegistry } from './receivers/receiver-registry.js';
import { RouteIncidentEvent } from './routing/route-incident-event.consumer.js';

export const SERVICE = 'dispatch';

@Module({})
export class DispatchModule {
  static forRoot(config: DispatchConfig): DynamicModule {
    return {
      module: DispatchModule,
      imports: [
        ObservabilityModule.forRoot({ service: SERVICE, logLevel: config.LOG_LEVEL, adminToken: config.HERALD_ADMIN_TOKEN, access: accessOptions(config), api: DISPATCH_API }),
        MessagingModule.forRoot(messagingOptionsFromEnv(SERVICE, config, ['INCIDENTS', 'DISPATCH', 'DELIVERIES'])),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          schema: schemaName(config.HERALD_NAMESPACE, SERVICE),
          poolSize: config.DATABASE_POOL_SIZE,
          migrations: DISPATCH_MIGRATIONS,
          applicationName: `herald-${SERVICE}`,
        }),
      ],
      controllers: [...CONFIGURATION_CONTROLLERS],
      providers: [
        { provide: DISPATCH_CONFIG_FILE, useValue: config.HERALD_CONFIG_FILE },
        ReceiverRegistry,
        RouteIncidentEvent,
        ...configurationProviders(config),
        ...deliveryProviders(config),
      ],
    };
  }
}
