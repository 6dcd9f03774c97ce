import { Module, type DynamicModule } from '@nestjs/common';
import { MessagingModule, messagingOptionsFromEnv } from '@herald/messaging';
import { ObservabilityModule } from '@herald/observability';
import type { DispatchConfig } from './config.js';
import { SENDER_OPTIONS, SendDeliveryJob } from './delivery/send-delivery-job.consumer.js';
import { DISPATCH_CONFIG_FILE, ReceiverRegistry } from './receivers/receiver-registry.js';
import { RouteIncidentEvent } from './routing/route-incident-event.consumer.js';

export const SERVICE = 'dispatch';

@Module({})
export class DispatchModule {
  static forRoot(config: DispatchConfig): DynamicModule {
    return {
      module: DispatchModule,
      imports: [
        ObservabilityModule.forRoot({ service: SERVICE, logLevel: config.LOG_LEVEL, adminToken: config.HERALD_ADMIN_TOKEN }),
        MessagingModule.forRoot(messagingOptionsFromEnv(SERVICE, config, ['INCIDENTS', 'DISPATCH', 'DELIVERIES'])),
      ],
      providers: [
        { provide: DISPATCH_CONFIG_FILE, useValue: config.HERALD_CONFIG_FILE },
        {
          provide: SENDER_OPTIONS,
          useValue: {
            concurrency: config.DISPATCH_CONCURRENCY,
            allowCidrs: config.DISPATCH_ALLOW_CIDRS,
            connectTimeoutMs: config.DISPATCH_CONNECT_TIMEOUT_MS,
            requestTimeoutMs: config.DISPATCH_REQUEST_TIMEOUT_MS,
            smtpUrl: config.SMTP_URL,
            heraldUrl: config.HERALD_PUBLIC_URL,
          },
        },
        ReceiverRegistry,
        RouteIncidentEvent,
        SendDeliveryJob,
      ],
    };
  }
}
