import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { MessagingModule, messagingOptionsFromEnv } from '@herald/messaging';
import { ObservabilityModule } from '@herald/observability';
import { PersistenceModule, schemaName } from '@herald/persistence';
import type { IngestionConfig } from './config.js';
import { IntegrationEntity } from './integrations/integration.entity.js';
import { INGESTION_MIGRATIONS } from './integrations/integrations.migrations.js';
import { INTEGRATIONS_FILE, IntegrationsService } from './integrations/integrations.service.js';
import { AcceptAlert } from './webhooks/accept-alert.js';
import { HttpErrorFilter } from './webhooks/http-error.filter.js';
import { WebhooksController } from './webhooks/webhooks.controller.js';

export const SERVICE = 'ingestion';

@Module({})
export class IngestionModule {
  static forRoot(config: IngestionConfig): DynamicModule {
    return {
      module: IngestionModule,
      imports: [
        ObservabilityModule.forRoot({ service: SERVICE, logLevel: config.LOG_LEVEL, adminToken: config.HERALD_ADMIN_TOKEN }),
        MessagingModule.forRoot(messagingOptionsFromEnv(SERVICE, config, ['ALERTS_RAW'])),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          schema: schemaName(config.HERALD_NAMESPACE, SERVICE),
          poolSize: config.DATABASE_POOL_SIZE,
          entities: [IntegrationEntity],
          migrations: INGESTION_MIGRATIONS,
          applicationName: `herald-${SERVICE}`,
        }),
      ],
      controllers: [WebhooksController],
      providers: [
        { provide: INTEGRATIONS_FILE, useValue: config.HERALD_CONFIG_FILE },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        IntegrationsService,
        AcceptAlert,
      ],
    };
  }
}
