// First: a V8 flag that must be set before any WebAssembly is compiled (see the module).
import './wasm-baseline.js';
import { loadConfigOrExit } from '@herald/config';
import { startConsumers } from '@herald/messaging';
import { bootstrapService } from '@herald/observability';
import { dispatchEnvSchema } from './config.js';
import { DispatchModule, SERVICE } from './dispatch.module.js';

const config = loadConfigOrExit(SERVICE, dispatchEnvSchema);
await bootstrapService({
  service: SERVICE,
  module: DispatchModule.forRoot(config),
  host: config.HOST,
  port: config.PORT,
  logLevel: config.LOG_LEVEL,
  heapGrowthPercent: config.HERALD_HEAP_GROWTH_PERCENT,
  beforeListen: startConsumers,
});
