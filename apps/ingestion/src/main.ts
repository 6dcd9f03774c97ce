import { loadConfigOrExit } from '@herald/config';
import { bootstrapService } from '@herald/observability';
import { ingestionEnvSchema } from './config.js';
import { IngestionModule, SERVICE } from './ingestion.module.js';

const config = loadConfigOrExit(SERVICE, ingestionEnvSchema);
await bootstrapService({
  service: SERVICE,
  module: IngestionModule.forRoot(config),
  host: config.HOST,
  port: config.PORT,
  logLevel: config.LOG_LEVEL,
  heapGrowthPercent: config.HERALD_HEAP_GROWTH_PERCENT,
  bodyLimit: config.INGESTION_BODY_LIMIT_BYTES,
});
