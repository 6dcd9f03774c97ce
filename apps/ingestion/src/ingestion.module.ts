import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { MessagingModule, messagingOptionsFromEnv } from '@herald/messaging';
import { accessOptions, ObservabilityModule } from '@herald/observability';
import { ACTION_LOG_MIGRATIONS, ActionLogModule, PersistenceModule, schemaName } from '@herald/persistence';
import { HeartbeatMetrics } from './heartbeats/heartbeat-metrics.js';
import { HEARTBEAT_OPTIONS, HeartbeatScheduler } from './heartbeats/heartbeat-scheduler.js';
import { HeartbeatStore } from './heartbeats/heartbeat-store.js';
import { HeartbeatsController } from './heartbeats/heartbeats.controller.js';
import { RecordPing } from './heartbeats/record-ping.js';
import { INGESTION_API } from './integrations/ingestion.openapi.js';
import { IntegrationAuthenticator } from './integrations/integration-authenticator.js';
import type { IngestionConfig } from './config.js';
import { IntegrationEntity } from './integrations/integration.entity.js';
import { DIRECTORY_OPTIONS, IntegrationDirectory } from './integrations/integration-directory.js';
import { IntegrationsController } from './integrations/integrations.controller.js';
import { INGESTION_MIGRATIONS } from './integrations/integrations.migrations.js';
import { INTEGRATIONS_CHANNEL, INTEGRATIONS_FILE, INTEGRATIONS_SECRETS, IntegrationsService } from './integrations/integrations.service.js';
import { NormalisedAlerts } from './normalise/normalised-alerts.js';
import { SNS_CONFIRM_OPTIONS, SnsConfirmer } from './normalise/sns-confirmer.js';
import { IngestionTelemetry, STATS_FLUSH_MS } from './stats/ingestion-telemetry.js';
import { AcceptAlert, SIGNATURE_TOLERANCE_SECONDS } from './webhooks/accept-alert.js';
import { BODY_LIMIT_BYTES, BodyParsers } from './webhooks/body-parsers.js';
import { HttpErrorFilter } from './webhooks/http-error.filter.js';
import { OpsgenieController } from './webhooks/opsgenie.controller.js';
import { PagerDutyController } from './webhooks/pagerduty.controller.js';
import { PrometheusController } from './webhooks/prometheus.controller.js';
import { RateLimiter } from './webhooks/rate-limiter.js';
import { SplunkOnCallController } from './webhooks/splunk-oncall.controller.js';
import { WebhooksController } from './webhooks/webhooks.controller.js';

export const SERVICE = 'ingestion';

@Module({})
export class IngestionModule {
  static forRoot(config: IngestionConfig): DynamicModule {
    const schema = schemaName(config.HERALD_NAMESPACE, SERVICE);
    return {
      module: IngestionModule,
      imports: [
        ObservabilityModule.forRoot({ service: SERVICE, logLevel: config.LOG_LEVEL, adminToken: config.HERALD_ADMIN_TOKEN, access: accessOptions(config), api: INGESTION_API }),
        MessagingModule.forRoot(messagingOptionsFromEnv(SERVICE, config, ['ALERTS'])),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          schema,
          poolSize: config.DATABASE_POOL_SIZE,
          entities: [IntegrationEntity],
          migrations: [...INGESTION_MIGRATIONS, ...ACTION_LOG_MIGRATIONS],
          applicationName: `herald-${SERVICE}`,
        }),
        ActionLogModule.forService(SERVICE),
      ],
      controllers: [WebhooksController, PrometheusController, PagerDutyController, SplunkOnCallController, OpsgenieController, IntegrationsController, HeartbeatsController],
      providers: [
        { provide: INTEGRATIONS_FILE, useValue: config.HERALD_CONFIG_FILE },
        { provide: INTEGRATIONS_CHANNEL, useValue: `${schema}_integrations` },
        { provide: INTEGRATIONS_SECRETS, useValue: config.HERALD_SECRETS_KEY },
        { provide: DIRECTORY_OPTIONS, useValue: { ttlMs: config.INGESTION_INTEGRATION_CACHE_TTL_MS, databaseUrl: config.DATABASE_URL } },
        { provide: SIGNATURE_TOLERANCE_SECONDS, useValue: config.INGESTION_SIGNATURE_TOLERANCE_SECONDS },
        { provide: STATS_FLUSH_MS, useValue: config.INGESTION_STATS_FLUSH_MS },
        { provide: BODY_LIMIT_BYTES, useValue: config.INGESTION_BODY_LIMIT_BYTES },
        { provide: HEARTBEAT_OPTIONS, useValue: { checkMs: config.INGESTION_HEARTBEAT_CHECK_MS } },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: SNS_CONFIRM_OPTIONS, useValue: { enabled: config.INGESTION_SNS_AUTO_CONFIRM, timeoutMs: config.INGESTION_SNS_CONFIRM_TIMEOUT_MS } },
        SnsConfirmer,
        NormalisedAlerts,
        IntegrationsService,
        IntegrationDirectory,
        IntegrationAuthenticator,
        IngestionTelemetry,
        RateLimiter,
        AcceptAlert,
        BodyParsers,
        HeartbeatStore,
        HeartbeatMetrics,
        RecordPing,
        HeartbeatScheduler,
      ],
    };
  }
}
