import { fileURLToPath } from 'node:url';
import { loadConfigOrExit } from '@herald/config';
import { accessOptions, bootstrapService } from '@herald/observability';
import { gatewayEnvSchema } from './config.js';
import { consolePages } from './console/console.plugin.js';
import { forwarding } from './forwarding/forwarding.plugin.js';
import { dropUntrustedUserHeader } from './forwarding/trusted-user-header.js';
import { GatewayModule, SERVICE, upstreamUrls } from './gateway.module.js';

/** The console built by the workspace (apps/console/dist/web), next to this app. */
const BUILT_CONSOLE = fileURLToPath(new URL('../../console/dist/web', import.meta.url));

const config = loadConfigOrExit(SERVICE, gatewayEnvSchema);
await bootstrapService({
  service: SERVICE,
  module: GatewayModule.forRoot(config),
  host: config.HOST,
  port: config.PORT,
  logLevel: config.LOG_LEVEL,
  heapGrowthPercent: config.HERALD_HEAP_GROWTH_PERCENT,
  beforeListen: async (app) => {
    dropUntrustedUserHeader(app.getHttpAdapter().getInstance(), accessOptions(config));
    await app.register(forwarding, { upstreams: upstreamUrls(config), timeoutMs: config.GATEWAY_UPSTREAM_TIMEOUT_MS });
    await app.register(consolePages, { dir: config.GATEWAY_CONSOLE_DIR ?? BUILT_CONSOLE });
  },
});
