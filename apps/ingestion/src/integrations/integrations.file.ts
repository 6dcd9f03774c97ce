import { z } from 'zod';
import { SourceType } from '@herald/contracts';

/** `integrations:` in the configuration file. Keys are given directly or by environment variable. */
export const DeclaredIntegration = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and -'),
    name: z.string().min(1).max(200),
    source: SourceType,
    key: z.string().min(16, 'must be at least 16 characters').optional(),
    keyEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).optional(),
    enabled: z.boolean().default(true),
    signingSecret: z.string().min(16).optional(),
    rateLimitPerMinute: z.number().int().min(1).max(1_000_000).default(120),
  })
  .refine((i) => i.key !== undefined || i.keyEnv !== undefined, { message: 'needs key or keyEnv', path: ['key'] });
export type DeclaredIntegration = z.infer<typeof DeclaredIntegration>;

export const IntegrationsSection = z.array(DeclaredIntegration).default([]);
