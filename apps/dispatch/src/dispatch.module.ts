import { Module, type DynamicModule } from '@nestjs/common';
import { CONSUMERS } from '@herald/contracts';
import { MessagingModule, messagingOptionsFromEnv } from '@herald/messaging';
import { accessOptions, ObservabilityModule } from '@herald/observability';
import { ActionLogModule, PersistenceModule, schemaName } from '@herald/persistence';
import { DISPATCH_API } from './api/dispatch.openapi.js';
import { ManagementApiModule } from './api/management-api.module.js';
import type { DispatchConfig } from './config.js';
import { DeliveryModule } from './delivery/delivery.module.js';
import { DISPATCH_MIGRATIONS } from './dispatch.migrations.js';
import { ConfigurationModule } from './receivers/configuration.module.js';
import { RoutingModule } from './routing/routing.module.js';

export const SERVICE = 'dispatch';

/**
 * Dispatch is three contexts with one-way dependencies (configuration ← delivery ← routing,
 * both reading configuration) plus the management API over them; this module only wires
 * the infrastructure they share.
 */
@Module({})
export class DispatchModule {
  static forRoot(config: DispatchConfig): DynamicModule {
    return {
      module: DispatchModule,
      imports: [
        ObservabilityModule.forRoot({ service: SERVICE, logLevel: config.LOG_LEVEL, adminToken: config.HERALD_ADMIN_TOKEN, access: accessOptions(config), api: DISPATCH_API }),
        MessagingModule.forRoot(
          messagingOptionsFromEnv(SERVICE, config, ['INCIDENTS', 'DISPATCH', 'DELIVERIES', 'ESCALATIONS'], {
            [CONSUMERS.dispatchSender.durable]: { concurrency: config.DISPATCH_CONCURRENCY, maxAckPending: config.DISPATCH_MAX_PENDING },
          }),
        ),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          schema: schemaName(config.HERALD_NAMESPACE, SERVICE),
          poolSize: config.DATABASE_POOL_SIZE,
          migrations: DISPATCH_MIGRATIONS,
          applicationName: `herald-${SERVICE}`,
        }),
        ConfigurationModule.forRoot(config),
        DeliveryModule.forRoot(config),
        RoutingModule.forRoot(config),
        ManagementApiModule.forRoot(config),
        ActionLogModule.forService(SERVICE),
      ],
    };
  }
}
