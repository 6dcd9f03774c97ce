import { loadConfigOrExit } from '@herald/config';
import { startConsumers } from '@herald/messaging';
import { bootstrapService } from '@herald/observability';
import { normalisationEnvSchema } from './config.js';
import { NormalisationModule, SERVICE } from './normalisation.module.js';

const config = loadConfigOrExit(SERVICE, normalisationEnvSchema);
await bootstrapService({
  service: SERVICE,
  module: NormalisationModule.forRoot(config),
  host: config.HOST,
  port: config.PORT,
  logLevel: config.LOG_LEVEL,
  beforeListen: startConsumers,
});
