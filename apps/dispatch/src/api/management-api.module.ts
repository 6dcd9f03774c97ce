import { Module, type DynamicModule } from '@nestjs/common';
import type { DispatchConfig } from '../config.js';
import { oncePerConfig } from '../context-module.js';
import { DeliveryModule } from '../delivery/delivery.module.js';
import { ConfigurationModule } from '../receivers/configuration.module.js';
import { ReceiverTester } from '../receivers/receiver-test.js';
import { ReceiversService } from '../receivers/receivers.service.js';
import { RoutingModule } from '../routing/routing.module.js';
import { DeliveriesController } from './deliveries.controller.js';
import { DeliveriesService } from './deliveries.service.js';
import { EscalationPoliciesController, InhibitRulesController, MaintenanceWindowsController, SilencesController } from './policies.controller.js';
import { ReceiversController } from './receivers.controller.js';
import { RetryPoliciesController, STREAM_RETENTION_MS } from './retry-policies.controller.js';
import { RoutesController } from './routes.controller.js';

/** Dispatch's management HTTP API: the one place that reads across configuration, routing and delivery. */
@Module({})
export class ManagementApiModule {
  static readonly forRoot = oncePerConfig((config: DispatchConfig): DynamicModule => {
    return {
      module: ManagementApiModule,
      imports: [ConfigurationModule.forRoot(config), DeliveryModule.forRoot(config), RoutingModule.forRoot(config)],
      controllers: [ReceiversController, RoutesController, SilencesController, InhibitRulesController, MaintenanceWindowsController, EscalationPoliciesController, DeliveriesController, RetryPoliciesController],
      providers: [
        ReceiversService,
        ReceiverTester,
        DeliveriesService,
        { provide: STREAM_RETENTION_MS, useValue: config.NATS_STREAM_MAX_AGE_SECONDS * 1000 },
      ],
    };
  });
}
