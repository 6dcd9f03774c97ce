import { Module, type DynamicModule } from '@nestjs/common';
import { MessagingModule, messagingOptionsFromEnv } from '@herald/messaging';
import { ObservabilityModule } from '@herald/observability';
import type { AnalyticsConfig } from './config.js';
import { ANALYTICS_CONCURRENCY, RecordDelivery } from './deliveries/record-delivery.consumer.js';

export const SERVICE = 'analytics';

@Module({})
export class AnalyticsModule {
  static forRoot(config: AnalyticsConfig): DynamicModule {
    return {
      module: AnalyticsModule,
      imports: [
        ObservabilityModule.forRoot({ service: SERVICE, logLevel: config.LOG_LEVEL, adminToken: config.HERALD_ADMIN_TOKEN }),
        MessagingModule.forRoot(messagingOptionsFromEnv(SERVICE, config, ['DELIVERIES', 'INCIDENTS'])),
      ],
      providers: [{ provide: ANALYTICS_CONCURRENCY, useValue: config.ANALYTICS_CONCURRENCY }, RecordDelivery],
    };
  }
}
