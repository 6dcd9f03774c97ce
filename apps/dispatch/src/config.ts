import { z } from 'zod';
import { baseEnvSchema, envPort, envUrl } from '@herald/config';
import { isValidCidr } from './security/domain/index.js';

const cidrList = z
  .string()
  .transform((s) => s.split(',').map((c) => c.trim()).filter(Boolean))
  .refine((list) => list.every(isValidCidr), 'must be a comma-separated list of CIDRs (e.g. 127.0.0.0/8,10.0.0.0/8)');

export const dispatchEnvSchema = baseEnvSchema.extend({
  PORT: envPort.default(8083),
  /** Declarative configuration (receivers and routes, section `dispatch`). */
  HERALD_CONFIG_FILE: z.string().optional(),
  /** Destinations in otherwise refused ranges (loopback, private…) that receivers may reach. */
  DISPATCH_ALLOW_CIDRS: cidrList.default([]),
  DISPATCH_CONCURRENCY: z.coerce.number().int().min(1).max(1_024).default(64),
  DISPATCH_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  DISPATCH_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  /** SMTP server for e-mail receivers, e.g. smtp://user:pass@mail.example.com:587. */
  SMTP_URL: envUrl(['smtp', 'smtps']).optional(),
  /** Base URL of Herald for links in notifications. */
  HERALD_PUBLIC_URL: envUrl(['http', 'https']).optional(),
});
export type DispatchConfig = z.infer<typeof dispatchEnvSchema>;
