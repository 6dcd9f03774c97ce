import { z } from 'zod';
import { DedupScope, Severity, SOURCE_TYPES, SourceType } from '@herald/contracts';

/** How a sender signs its requests; verified over the raw body bytes. */
export const SIGNATURE_SCHEMES = ['github', 'sentry', 'grafana', 'stet', 'bitbucket', 'standard-webhooks'] as const;
export const SignatureScheme = z.enum(SIGNATURE_SCHEMES);
export type SignatureScheme = z.infer<typeof SignatureScheme>;

export const IntegrationId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be 1 to 63 lower-case letters, digits and "-", not starting with "-"');

/** Per-integration overrides of the source's severity map: source value -> Herald severity. */
export const SeverityMap = z
  .record(z.string().trim().min(1).max(100), Severity)
  .refine((map) => Object.keys(map).length <= 100, 'must have at most 100 entries');

export const SigningSecret = z.string().min(16, 'must be at least 16 characters').max(512, 'must be at most 512 characters');

export const RateLimitPerMinute = z.number().int().min(1).max(1_000_000);

/**
 * What an integration is: a monitoring tool's format (a `SourceType`), or `heartbeat`, which
 * takes pings rather than alerts and opens an incident when they stop (a dead man's switch).
 */
export const IntegrationSource = z.enum([...SOURCE_TYPES, 'heartbeat']);
export type IntegrationSource = z.infer<typeof IntegrationSource>;

/** A heartbeat integration expects a ping every `intervalSeconds`; `graceSeconds` of lateness are forgiven. */
export const HeartbeatSettings = z
  .object({
    intervalSeconds: z.number().int().min(1).max(2_592_000),
    graceSeconds: z.number().int().min(0).max(2_592_000).default(0),
  })
  .strict();
export type HeartbeatSettings = z.output<typeof HeartbeatSettings>;

/** `heartbeat` is required for a heartbeat integration and refused for any other (so a misplaced setting is not ignored). */
export function checkHeartbeat(
  value: { source?: IntegrationSource | undefined; heartbeat?: unknown; signing?: unknown; signingSecret?: unknown },
  ctx: z.RefinementCtx,
): void {
  const signingField = value.signingSecret !== undefined ? 'signingSecret' : value.signing !== undefined && value.signing !== null ? 'signing' : undefined;
  if (value.source === 'heartbeat' && signingField) {
    ctx.addIssue({ code: 'custom', path: [signingField], message: 'a heartbeat ping is not signed: its key is its only credential' });
  }
  if (value.source === 'heartbeat' && value.heartbeat === undefined) {
    ctx.addIssue({ code: 'custom', path: ['heartbeat'], message: 'is required for a heartbeat integration ({ intervalSeconds, graceSeconds })' });
  }
  if (value.source !== undefined && value.source !== 'heartbeat' && value.heartbeat !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['heartbeat'], message: 'only a heartbeat integration (source: heartbeat) has heartbeat settings' });
  }
}

/** An integration as Herald holds it; `keyHash` and `signing.secret` never leave the service. */
export interface Integration {
  readonly id: string;
  readonly name: string;
  readonly source: IntegrationSource;
  readonly keyHash: string;
  readonly enabled: boolean;
  readonly signing: { readonly scheme: SignatureScheme; readonly secret: string } | null;
  readonly rateLimitPerMinute: number;
  readonly severityMap: Readonly<Record<string, Severity>> | null;
  /** `global`: its dedup keys are shared with every other global integration's (opt-in). */
  readonly dedupScope: DedupScope;
  /** `file`: declared in the configuration file and read-only through the API. */
  readonly managedBy: 'file' | 'api';
  /** Set exactly when `source` is `heartbeat`. */
  readonly heartbeat: HeartbeatSettings | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** An integration that takes alerts (anything but a heartbeat). */
export type AlertIntegration = Integration & { readonly source: SourceType };

export function isAlertIntegration(integration: Integration): integration is AlertIntegration {
  return integration.source !== 'heartbeat';
}

/** The scheme each tool uses natively; anything else signs the Standard Webhooks way. */
export function defaultSignatureScheme(source: IntegrationSource): SignatureScheme {
  if (source === 'github') return 'github';
  if (source === 'sentry') return 'sentry';
  if (source === 'grafana') return 'grafana';
  if (source === 'stet') return 'stet';
  if (source === 'bitbucket') return 'bitbucket';
  return 'standard-webhooks';
}

/** The paths a sender can post to for this integration. */
export function integrationEndpoints(integration: Pick<Integration, 'id' | 'source'>): string[] {
  if (integration.source === 'heartbeat') return [`/v1/heartbeats/${integration.id}`];
  const endpoints = [`/v1/webhooks/${integration.id}`];
  if (integration.source === 'prometheus') endpoints.push('/api/v2/alerts');
  if (integration.source === 'pagerduty') endpoints.push('/v2/enqueue');
  if (integration.source === 'opsgenie') endpoints.push('/v2/alerts', '/v2/alerts/<alias>/close', '/v2/alerts/<alias>/acknowledge');
  if (integration.source === 'splunk-oncall') endpoints.push('/integrations/generic/20131114/alert/<key>/<routing_key>');
  return endpoints;
}

export interface IntegrationView {
  id: string;
  name: string;
  source: IntegrationSource;
  enabled: boolean;
  rateLimitPerMinute: number;
  /** The scheme only: the secret is write-only. */
  signing: { scheme: SignatureScheme } | null;
  severityMap: Record<string, Severity>;
  dedupScope: DedupScope;
  managedBy: 'file' | 'api';
  /** Present for heartbeat integrations only. */
  heartbeat?: HeartbeatSettings;
  endpoints: string[];
  createdAt: string;
  updatedAt: string;
}

/** What the API shows of an integration: never the key hash or the signing secret. */
export function integrationView(integration: Integration): IntegrationView {
  return {
    id: integration.id,
    name: integration.name,
    source: integration.source,
    enabled: integration.enabled,
    rateLimitPerMinute: integration.rateLimitPerMinute,
    signing: integration.signing ? { scheme: integration.signing.scheme } : null,
    severityMap: { ...integration.severityMap },
    dedupScope: integration.dedupScope,
    managedBy: integration.managedBy,
    ...(integration.heartbeat ? { heartbeat: { ...integration.heartbeat } } : {}),
    endpoints: integrationEndpoints(integration),
    createdAt: integration.createdAt.toISOString(),
    updatedAt: integration.updatedAt.toISOString(),
  };
}

const Signing = z
  .object({ scheme: SignatureScheme.optional(), secret: SigningSecret })
  .strict()
  .nullable();

/** `POST /v1/integrations`. Unknown fields are refused so a typo (or a `key`) is not silently ignored. */
export const CreateIntegrationRequest = z
  .object({
    id: IntegrationId.optional(),
    name: z.string().trim().min(1, 'is blank').max(200),
    source: IntegrationSource,
    enabled: z.boolean().default(true),
    rateLimitPerMinute: RateLimitPerMinute.default(120),
    signing: Signing.optional(),
    severityMap: SeverityMap.optional(),
    dedupScope: DedupScope.default('integration'),
    heartbeat: HeartbeatSettings.optional(),
  })
  .strict()
  .superRefine(checkHeartbeat);
export type CreateIntegrationRequest = z.infer<typeof CreateIntegrationRequest>;

/** `PATCH /v1/integrations/:id`: the fields given change; `signing: null` removes verification. */
export const UpdateIntegrationRequest = z
  .object({
    name: z.string().trim().min(1, 'is blank').max(200).optional(),
    enabled: z.boolean().optional(),
    rateLimitPerMinute: RateLimitPerMinute.optional(),
    signing: Signing.optional(),
    severityMap: SeverityMap.nullable().optional(),
    dedupScope: DedupScope.optional(),
    /** Only for a heartbeat integration; a change restarts nothing: the next check uses it. */
    heartbeat: HeartbeatSettings.optional(),
  })
  .strict();
export type UpdateIntegrationRequest = z.infer<typeof UpdateIntegrationRequest>;

/** The signing settings to store, with the source's scheme when none is named. */
export function resolveSigning(
  source: IntegrationSource,
  signing: { scheme?: SignatureScheme | undefined; secret: string } | null | undefined,
): Integration['signing'] {
  return signing ? { scheme: signing.scheme ?? defaultSignatureScheme(source), secret: signing.secret } : null;
}
