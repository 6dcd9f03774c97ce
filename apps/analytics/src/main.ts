import { loadConfigOrExit } from '@herald/config';
import { startConsumers } from '@herald/messaging';
import { bootstrapService } from '@herald/observability';
import { analyticsEnvSchema } from './config.js';
import { AnalyticsModule, SERVICE } from './analytics.module.js';

const config = loadConfigOrExit(SERVICE, analyticsEnvSchema);
await bootstrapService({
  service: SERVICE,
  module: AnalyticsModule.forRoot(config),
  host: config.HOST,
  port: config.PORT,
  logLevel: config.LOG_LEVEL,
  heapGrowthPercent: config.HERALD_HEAP_GROWTH_PERCENT,
  beforeListen: startConsumers,
});
