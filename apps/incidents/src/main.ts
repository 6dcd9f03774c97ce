import { loadConfigOrExit } from '@herald/config';
import { startConsumers } from '@herald/messaging';
import { bootstrapService } from '@herald/observability';
import { incidentsEnvSchema } from './config.js';
import { IncidentsModule, SERVICE } from './incidents.module.js';

const config = loadConfigOrExit(SERVICE, incidentsEnvSchema);
await bootstrapService({
  service: SERVICE,
  module: IncidentsModule.forRoot(config),
  host: config.HOST,
  port: config.PORT,
  logLevel: config.LOG_LEVEL,
  heapGrowthPercent: config.HERALD_HEAP_GROWTH_PERCENT,
  beforeListen: startConsumers,
});
