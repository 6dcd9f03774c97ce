import { z } from 'zod';
import { envPort, envUrl, baseEnvSchema } from '@herald/config';

const upstream = (port: number) => envUrl(['http', 'https']).default(`http://127.0.0.1:${port}`);

/**
 * The gateway holds no state of its own: it needs only where each service answers. NATS and
 * PostgreSQL settings from the shared schema are accepted (one env for every service) but unused.
 */
export const gatewayEnvSchema = baseEnvSchema.extend({
  PORT: envPort.default(8085),
  GATEWAY_INGESTION_URL: upstream(8080),
  GATEWAY_INCIDENTS_URL: upstream(8082),
  GATEWAY_DISPATCH_URL: upstream(8083),
  GATEWAY_ANALYTICS_URL: upstream(8084),
  /** The built console (index.html and assets/); unset serves the one built beside the gateway. */
  GATEWAY_CONSOLE_DIR: z.string().optional(),
  /** Milliseconds an upstream gets to answer a forwarded request. */
  GATEWAY_UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
});
export type GatewayConfig = z.infer<typeof gatewayEnvSchema>;
