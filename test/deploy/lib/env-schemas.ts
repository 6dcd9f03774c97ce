import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Service } from './manifests.js';
import { asArray, asObj, DEPLOY, isObj, readYaml, ROOT } from './objects.js';

/** A service's environment schema, as the service itself loads it (zod, from apps/<svc>/dist/config.js). */
export interface EnvSchema {
  readonly keys: ReadonlySet<string>;
  /** The schema's verdict on an environment: problems naming the variable, or none. */
  check(env: Readonly<Record<string, string>>): string[];
}

interface ZodLike {
  shape: Record<string, unknown>;
  safeParse(value: unknown): { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } };
}

function isZodObject(value: unknown): value is ZodLike {
  return isObj(value) && isObj(value.shape) && typeof value.safeParse === 'function';
}

export async function envSchema(service: Service): Promise<EnvSchema> {
  const module = (await import(pathToFileURL(join(ROOT, 'apps', service, 'dist', 'config.js')).href)) as Record<string, unknown>;
  const found = Object.entries(module).filter(([name, value]) => name.endsWith('EnvSchema') && isZodObject(value));
  if (found.length !== 1) throw new Error(`apps/${service}/dist/config.js: expected one *EnvSchema export, found ${found.map(([n]) => n).join(', ') || 'none'}`);
  const schema = found[0]?.[1] as ZodLike;
  return {
    keys: new Set(Object.keys(schema.shape)),
    check(env) {
      const result = schema.safeParse(env);
      return result.success ? [] : (result.error?.issues ?? []).map((i) => `${i.path.map(String).join('.')}: ${i.message}`);
    },
  };
}

/** Variables Node.js itself reads; a manifest may set them for any service. */
export const NODE_VARIABLES = new Set(['NODE_OPTIONS', 'NODE_ENV', 'TZ', 'UV_THREADPOOL_SIZE']);

/** Variables a cluster must set whenever the service reads them (their defaults point at loopback or are unsafe). */
export const CLUSTER_REQUIRED = ['PORT', 'NATS_URL', 'NATS_STREAM_REPLICAS', 'HERALD_ADMIN_TOKEN', 'DATABASE_URL', 'HERALD_SECRETS_KEY', 'HERALD_CONFIG_FILE'];

export const HERALD_CONFIG = join(DEPLOY, 'k8s', 'base', 'herald.yaml');

/** Environment variables the shipped herald.yaml names with `keyEnv` (read by ingestion). */
export function keyEnvNames(): string[] {
  const config = asObj(readYaml(HERALD_CONFIG), 'herald.yaml');
  return asArray(config.integrations, 'integrations')
    .map((i) => asObj(i, 'integration').keyEnv)
    .filter((k): k is string => typeof k === 'string');
}
