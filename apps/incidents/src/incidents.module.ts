import { Module, type DynamicModule } from '@nestjs/common';
import { MessagingModule, messagingOptionsFromEnv } from '@herald/messaging';
import { ObservabilityModule } from '@herald/observability';
import { PersistenceModule, schemaName } from '@herald/persistence';
import type { IncidentsConfig } from './config.js';
import { INCIDENT_POLICY, IncidentCommands } from './incidents/application/incident-commands.js';
import { RECORD_ALERTS_OPTIONS, RecordAlertsConsumer } from './incidents/application/record-alerts.consumer.js';
import type { IncidentPolicy } from './incidents/domain/index.js';
import { OutboxRelay, RELAY_DATABASE_URL } from './incidents/outbox/outbox-relay.js';
import { INCIDENTS_MIGRATIONS } from './incidents/store/incidents.migrations.js';

export const SERVICE = 'incidents';

export function policyFrom(config: IncidentsConfig): IncidentPolicy {
  return {
    reopenWindowSeconds: config.INCIDENTS_REOPEN_WINDOW_SECONDS,
    flapping: {
      maxCycles: config.INCIDENTS_FLAPPING_MAX_CYCLES,
      windowSeconds: config.INCIDENTS_FLAPPING_WINDOW_SECONDS,
      calmSeconds: config.INCIDENTS_FLAPPING_CALM_SECONDS,
    },
    autoResolveAfterSeconds: config.INCIDENTS_AUTO_RESOLVE_SECONDS ?? null,
  };
}

@Module({})
export class IncidentsModule {
  static forRoot(config: IncidentsConfig): DynamicModule {
    return {
      module: IncidentsModule,
      imports: [
        ObservabilityModule.forRoot({ service: SERVICE, logLevel: config.LOG_LEVEL, adminToken: config.HERALD_ADMIN_TOKEN }),
        MessagingModule.forRoot(messagingOptionsFromEnv(SERVICE, config, ['ALERTS', 'INCIDENTS'])),
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          schema: schemaName(config.HERALD_NAMESPACE, SERVICE),
          poolSize: config.DATABASE_POOL_SIZE,
          migrations: INCIDENTS_MIGRATIONS,
          applicationName: `herald-${SERVICE}`,
        }),
      ],
      providers: [
        { provide: INCIDENT_POLICY, useValue: policyFrom(config) },
        { provide: RECORD_ALERTS_OPTIONS, useValue: { batchSize: config.INCIDENTS_BATCH_SIZE, concurrency: config.INCIDENTS_CONCURRENCY } },
        { provide: RELAY_DATABASE_URL, useValue: withSearchPath(config.DATABASE_URL, schemaName(config.HERALD_NAMESPACE, SERVICE)) },
        IncidentCommands,
        RecordAlertsConsumer,
        OutboxRelay,
      ],
    };
  }
}

/** The relay's own connections must see the service schema too. */
function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}
