// The one table of Herald's services and local defaults. `npm start`, the test runner and the
// benchmark all read it, so a port or URL is changed in exactly one place.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './host.mjs';

/** Defaults for the environment every service (and every test run) gets unless already set. */
export const DEFAULT_ENV = Object.freeze({
  NATS_URL: 'nats://127.0.0.1:4222',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/herald',
  LOG_LEVEL: 'info',
});

/** Local-only admin token; `npm start` warns when it is used. */
export const DEV_ADMIN_TOKEN = 'dev-admin-token-local-only'; // config requires ≥ 16 characters

/**
 * Local-only key for credentials stored in PostgreSQL (HERALD_SECRETS_KEY); `npm start` warns when
 * it is used. Fixed, like the admin token, so the local database stays readable across restarts.
 */
export const DEV_SECRETS_KEY = `dev:${Buffer.from('herald-local-dev-only-secrets-k1').toString('base64')}`;

/** Declarative config (integrations, receivers, routes) used locally when HERALD_CONFIG_FILE is not set. */
export const LOCAL_CONFIG_FILE = 'deploy/local/herald.yaml';

/** `npm start` only: prints the notifications that deploy/local/herald.yaml routes to it. */
export const DEMO_RECEIVER = Object.freeze({ name: 'receiver', port: 8099, colour: 'grey' });

/** Start order: upstream first, so consumers find their streams' producers already up. */
export const SERVICES = Object.freeze([
  { name: 'ingestion', port: 8080, colour: 'cyan' },
  { name: 'incidents', port: 8082, colour: 'yellow' },
  { name: 'dispatch', port: 8083, colour: 'green' },
  { name: 'analytics', port: 8084, colour: 'blue' },
  // Last: it fronts the others (console, OpenAPI, Alertmanager API, every management API).
  { name: 'gateway', port: 8085, colour: 'bold' },
].map((service) => Object.freeze({ ...service, entry: `apps/${service.name}/dist/main.js` })));

/**
 * How every service's Node process is sized (deploy/service-runtime.json; the Dockerfile sets the
 * same): a V8 heap that grows to ~1.3× what it holds instead of up to 4×, a smaller young
 * generation, and one malloc arena. A variable set in the environment wins (README, Performance).
 */
export const SERVICE_RUNTIME_ENV = Object.freeze(JSON.parse(readFileSync(join(ROOT, 'deploy', 'service-runtime.json'), 'utf8')));

/** `NATS_URL` etc. from the environment, else the defaults above. */
export function baseEnv(env = process.env) {
  const result = { ...env };
  for (const [key, value] of Object.entries(DEFAULT_ENV)) if (!result[key]) result[key] = value;
  return result;
}

const servicePort = (name, env) => env[`${name.toUpperCase()}_PORT`] || String(SERVICES.find((s) => s.name === name).port);

/** The one URL people and tools use locally: the gateway (console, APIs, Alertmanager API). */
export function consoleUrl(env = process.env) {
  return `http://127.0.0.1:${servicePort('gateway', env)}`;
}

/**
 * The environment for one service: the shared defaults plus its own PORT. A global PORT would
 * collide across five processes, so the override is per service: INGESTION_PORT=9080 etc.
 */
export function serviceEnv(service, env = process.env) {
  const result = baseEnv(env);
  for (const [key, value] of Object.entries(SERVICE_RUNTIME_ENV)) if (result[key] === undefined) result[key] = value;
  result.PORT = servicePort(service.name, env);
  if (!result.HERALD_ADMIN_TOKEN) result.HERALD_ADMIN_TOKEN = DEV_ADMIN_TOKEN;
  if (!result.HERALD_SECRETS_KEY) result.HERALD_SECRETS_KEY = DEV_SECRETS_KEY;
  if (!result.HERALD_CONFIG_FILE && existsSync(join(ROOT, LOCAL_CONFIG_FILE))) {
    result.HERALD_CONFIG_FILE = join(ROOT, LOCAL_CONFIG_FILE);
  }
  // Locally the demo receiver (and whatever you test against) lives on loopback, which the
  // SSRF guard refuses by default; only `npm start` opens it, never a deployment.
  if (result.DISPATCH_ALLOW_CIDRS === undefined) result.DISPATCH_ALLOW_CIDRS = '127.0.0.0/8,::1/128';
  // Notifications link to the console's incident page.
  if (!result.HERALD_PUBLIC_URL) result.HERALD_PUBLIC_URL = consoleUrl(env);
  if (service.name === 'gateway') {
    for (const upstream of ['ingestion', 'incidents', 'dispatch', 'analytics']) {
      const key = `GATEWAY_${upstream.toUpperCase()}_URL`;
      if (!result[key]) result[key] = `http://127.0.0.1:${servicePort(upstream, env)}`;
    }
  }
  return result;
}
