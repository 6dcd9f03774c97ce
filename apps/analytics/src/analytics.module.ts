import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { CONSUMERS } from '@herald/contracts';
import { MessagingModule, messagingOptionsFromEnv } from '@herald/messaging';
import { accessOptions, ObservabilityModule, Registry } from '@herald/observability';
import { PersistenceModule, schemaName } from '@herald/persistence';
import { ANALYTICS_API } from './api/analytics.openapi.js';
import { AnalyticsController } from './api/analytics.controller.js';
import { AnalyticsQueries } from './api/analytics.queries.js';
import { HttpErrorFilter } from './api/http-error.filter.js';
import type { AnalyticsConfig } from './config.js';
import { ANALYTICS_MIGRATIONS } from './deliveries/analytics.migrations.js';
import { DeliveryMetrics } from './deliveries/delivery-metrics.js';
import { CONFIG_FILE, KnownReceivers } from './deliveries/known-receivers.js';
import { RecordDelivery } from './deliveries/record-delivery.consumer.js';
import { RETENTION_OPTIONS, RollupRetention } from './deliveries/rollup-retention.js';
import { RollupStore } from './deliveries/rollup-store.js';
import { JetStreamServerMetrics, NATS_MONITORING_URLS } from './jetstream-server/jetstream-server-metrics.js';
import { PipelineMetrics } from './pipeline/pipeline-metrics.js';

export const SERVICE = 'analytics';

@Module({})
export class AnalyticsModule {
  static forRoot(config: AnalyticsConfig): DynamicModule {
    return {
      module: AnalyticsModule,
      imports: [
        ObservabilityModule.forRoot({ service: SERVICE, logLevel: config.LOG_LEVEL, adminToken: config.HERALD_ADMIN_TOKEN, access: accessOptions(config), api: ANALYTICS_API }),
        MessagingModule.forRoot(
          messagingOptionsFromEnv(SERVICE, config, ['DELIVERIES', 'INCIDENTS'], {
            [CONSUMERS.analyticsDeliveries.durable]: { batchSize: config.ANALYTICS_BATCH_SIZE, concurrency: config.ANALYTICS_CONCURRENCY },
          }),
        ),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          schema: schemaName(config.HERALD_NAMESPACE, SERVICE),
          poolSize: config.DATABASE_POOL_SIZE,
          migrations: ANALYTICS_MIGRATIONS,
          applicationName: `herald-${SERVICE}`,
        }),
      ],
      controllers: [AnalyticsController, RecordDelivery],
      providers: [
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: RollupStore, inject: [DataSource], useFactory: (dataSource: DataSource) => new RollupStore(dataSource) },
        { provide: DeliveryMetrics, inject: [Registry], useFactory: (registry: Registry) => new DeliveryMetrics(registry) },
        { provide: RETENTION_OPTIONS, useValue: { inboxHours: config.ANALYTICS_INBOX_RETENTION_HOURS, rollupDays: config.ANALYTICS_ROLLUP_RETENTION_DAYS, everyMs: 600_000 } },
        { provide: CONFIG_FILE, useValue: config.HERALD_CONFIG_FILE },
        KnownReceivers,
        RollupRetention,
        AnalyticsQueries,
        ...(config.ANALYTICS_JETSTREAM_METRICS ? [PipelineMetrics] : []),
        { provide: NATS_MONITORING_URLS, useValue: config.ANALYTICS_NATS_MONITORING_URLS },
        ...(config.ANALYTICS_NATS_MONITORING_URLS.length > 0 ? [JetStreamServerMetrics] : []),
      ],
    };
  }
}
