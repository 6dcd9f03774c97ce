import { z } from 'zod';
import { DedupScope, SourceType } from '@herald/contracts';
import { IntegrationId, RateLimitPerMinute, SeverityMap, SignatureScheme, SigningSecret } from './domain/integration.js';

/**
 * `integrations:` in the configuration file. Keys (and signing secrets) are given
 * directly or by the name of an environment variable, so the file can live in Git.
 */
export const DeclaredIntegration = z
  .object({
    id: IntegrationId,
    name: z.string().min(1).max(200),
    source: SourceType,
    key: z.string().min(16, 'must be at least 16 characters').optional(),
    keyEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).optional(),
    enabled: z.boolean().default(true),
    signingSecret: SigningSecret.optional(),
    signingSecretEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).optional(),
    /** Defaults to the source's own scheme (GitHub, Sentry), else Standard Webhooks. */
    signatureScheme: SignatureScheme.optional(),
    rateLimitPerMinute: RateLimitPerMinute.default(120),
    severityMap: SeverityMap.optional(),
    /** `global` shares dedup keys with the other global integrations. */
    dedupScope: DedupScope.default('integration'),
  })
  .refine((i) => i.key !== undefined || i.keyEnv !== undefined, { message: 'needs key or keyEnv', path: ['key'] });
export type DeclaredIntegration = z.infer<typeof DeclaredIntegration>;

export const IntegrationsSection = z
  .array(DeclaredIntegration)
  .default([])
  .refine((list) => new Set(list.map((i) => i.id)).size === list.length, 'integration ids must be unique');
