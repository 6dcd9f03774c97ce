import { Module, type DynamicModule } from '@nestjs/common';
import { accessOptions, ObservabilityModule } from '@herald/observability';
import { ActionsController } from './actions/actions.controller.js';
import { AlertmanagerApi } from './alertmanager/alertmanager-api.js';
import { AlertmanagerController } from './alertmanager/alertmanager.controller.js';
import type { GatewayConfig } from './config.js';
import { OpenApiController } from './openapi/openapi.controller.js';
import { UPSTREAM_URLS, UpstreamClient, type UpstreamUrls } from './upstream/upstream-client.js';

export const SERVICE = 'gateway';

export function upstreamUrls(config: GatewayConfig): UpstreamUrls {
  return {
    ingestion: config.GATEWAY_INGESTION_URL,
    incidents: config.GATEWAY_INCIDENTS_URL,
    dispatch: config.GATEWAY_DISPATCH_URL,
    analytics: config.GATEWAY_ANALYTICS_URL,
  };
}

/** The one entry point: the console, the OpenAPI document, the Alertmanager API, and every service's API forwarded. */
@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [ObservabilityModule.forRoot({ service: SERVICE, logLevel: config.LOG_LEVEL, adminToken: config.HERALD_ADMIN_TOKEN, access: accessOptions(config) })],
      controllers: [AlertmanagerController, ActionsController, OpenApiController],
      providers: [{ provide: UPSTREAM_URLS, useValue: upstreamUrls(config) }, UpstreamClient, AlertmanagerApi],
    };
  }
}
