import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CONSUMERS } from '@herald/contracts';
import { MessagingModule, messagingOptionsFromEnv, type ConsumerTuning } from '@herald/messaging';
import { accessOptions, ObservabilityModule } from '@herald/observability';
import { INCIDENTS_API } from './incidents/api/incidents.openapi.js';
import { ACTION_LOG_MIGRATIONS, ActionLogModule, PersistenceModule, schemaName } from '@herald/persistence';
import { inboxRetentionSeconds, policyFrom, type IncidentsConfig } from './config.js';
import { IncidentsHttpErrorFilter } from './incidents/api/http-error.filter.js';
import { IncidentQueries } from './incidents/api/incident-queries.js';
import { IncidentsController } from './incidents/api/incidents.controller.js';
import { INCIDENT_POLICY, IncidentCommands } from './incidents/application/incident-commands.js';
import { IncidentMetrics } from './incidents/application/incident-metrics.js';
import { EscalateIncidentsConsumer } from './incidents/application/escalate-incidents.consumer.js';
import { ALERTS_PER_TRANSACTION, RecordAlertsConsumer } from './incidents/application/record-alerts.consumer.js';
import { OutboxRelay, RELAY_DATABASE_URL } from './incidents/outbox/outbox-relay.js';
import { OutboxSignal } from './incidents/outbox/outbox-signal.js';
import { ProjectionRebuilder } from './incidents/projection/projection-rebuild.js';
import { ProjectionController } from './incidents/projection/projection.controller.js';
import { INCIDENTS_MIGRATIONS } from './incidents/store/incidents.migrations.js';
import { TIMER_OPTIONS, TimerScheduler, type TimerOptions } from './incidents/timers/timer-scheduler.js';

export const SERVICE = 'incidents';
export { policyFrom } from './config.js';

@Module({})
export class IncidentsModule {
  static forRoot(config: IncidentsConfig): DynamicModule {
    // A batch of as many ALERTS messages as a transaction takes alerts: a message holds one or more.
    const recordAlerts: ConsumerTuning = {
      batchSize: config.INCIDENTS_BATCH_SIZE,
      concurrency: config.INCIDENTS_CONCURRENCY,
      ackWaitMs: config.INCIDENTS_ACK_WAIT_SECONDS * 1_000,
    };
    const timers: TimerOptions = {
      pollMs: config.INCIDENTS_TIMER_POLL_MS,
      batchSize: config.INCIDENTS_TIMER_BATCH_SIZE,
      inboxRetentionSeconds: inboxRetentionSeconds(config),
    };
    return {
      module: IncidentsModule,
      imports: [
        ObservabilityModule.forRoot({ service: SERVICE, logLevel: config.LOG_LEVEL, adminToken: config.HERALD_ADMIN_TOKEN, access: accessOptions(config), api: INCIDENTS_API }),
        MessagingModule.forRoot(messagingOptionsFromEnv(SERVICE, config, ['ALERTS', 'INCIDENTS', 'ESCALATIONS'], { [CONSUMERS.incidents.durable]: recordAlerts })),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          schema: schemaName(config.HERALD_NAMESPACE, SERVICE),
          poolSize: config.DATABASE_POOL_SIZE,
          migrations: [...INCIDENTS_MIGRATIONS, ...ACTION_LOG_MIGRATIONS],
          applicationName: `herald-${SERVICE}`,
        }),
        ActionLogModule.forService(SERVICE),
      ],
      controllers: [IncidentsController, ProjectionController, RecordAlertsConsumer, EscalateIncidentsConsumer],
      providers: [
        { provide: INCIDENT_POLICY, useValue: policyFrom(config) },
        { provide: ALERTS_PER_TRANSACTION, useValue: config.INCIDENTS_BATCH_SIZE },
        { provide: TIMER_OPTIONS, useValue: timers },
        { provide: RELAY_DATABASE_URL, useValue: withSearchPath(config.DATABASE_URL, schemaName(config.HERALD_NAMESPACE, SERVICE)) },
        { provide: APP_FILTER, useClass: IncidentsHttpErrorFilter },
        IncidentMetrics,
        IncidentCommands,
        IncidentQueries,
        ProjectionRebuilder,
        OutboxRelay,
        OutboxSignal,
        TimerScheduler,
      ],
    };
  }
}

/** The relay's own connections must see the service schema too. */
export function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}
