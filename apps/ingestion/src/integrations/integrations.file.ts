import { z } from 'zod';
import { ENV_NAME, listSecretRefs } from '@herald/config';
import { DedupScope } from '@herald/contracts';
import {
  checkHeartbeat,
  HeartbeatSettings,
  IntegrationId,
  IntegrationSource,
  RateLimitPerMinute,
  SeverityMap,
  SignatureScheme,
  SigningSecret,
} from './domain/integration.js';

/**
 * `integrations:` in the configuration file. Keys (and signing secrets) are given directly,
 * by the name of an environment variable (`keyEnv`) or by a file (`keyFile`, relative to the
 * configuration file), so the file can live in Git; references are resolved before this
 * schema by `integrationSecretRefs`, as receivers' are.
 */
export const DeclaredIntegration = z
  .object({
    id: IntegrationId,
    name: z.string().min(1).max(200),
    source: IntegrationSource,
    key: z.string().min(16, 'must be at least 16 characters').optional(),
    keyEnv: z.string().regex(ENV_NAME).optional(),
    keyFile: z.string().min(1).max(4096).optional(),
    enabled: z.boolean().default(true),
    signingSecret: SigningSecret.optional(),
    signingSecretEnv: z.string().regex(ENV_NAME).optional(),
    signingSecretFile: z.string().min(1).max(4096).optional(),
    /** Defaults to the source's own scheme (GitHub, Sentry), else Standard Webhooks. */
    signatureScheme: SignatureScheme.optional(),
    rateLimitPerMinute: RateLimitPerMinute.default(120),
    severityMap: SeverityMap.optional(),
    /** `global` shares dedup keys with the other global integrations. */
    dedupScope: DedupScope.default('integration'),
    /** For `source: heartbeat`: a ping is expected every `intervalSeconds` (plus `graceSeconds`). */
    heartbeat: HeartbeatSettings.optional(),
  })
  .superRefine(checkHeartbeat)
  .refine((i) => i.key !== undefined || i.keyEnv !== undefined || i.keyFile !== undefined, { message: 'needs key, keyEnv or keyFile', path: ['key'] });
export type DeclaredIntegration = z.infer<typeof DeclaredIntegration>;

export const IntegrationsSection = z
  .array(DeclaredIntegration)
  .default([])
  .refine((list) => new Set(list.map((i) => i.id)).size === list.length, 'integration ids must be unique');

/** Resolves each integration's `keyEnv`/`keyFile` and `signingSecretEnv`/`signingSecretFile` into `key` and `signingSecret`. */
export function integrationSecretRefs(file: string | undefined, env?: Readonly<Record<string, string | undefined>>) {
  return listSecretRefs({ configFile: file, ...(env ? { env } : {}) }, (_integration, path) => path.length === 1 && (path[0] === 'key' || path[0] === 'signingSecret'));
}
