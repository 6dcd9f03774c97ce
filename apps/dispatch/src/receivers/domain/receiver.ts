import { z } from 'zod';
import { Channel, SubjectToken } from '@herald/contracts';
import { BATCH_CHANNELS, CHANNEL_RENDERERS } from '../../channels/index.js';
import { DEFAULT_RETRY_POLICY, ReceiverDeliverySettings, RetryPolicy } from '../../delivery/domain/index.js';
import { Subscription } from '../../routing/domain/route-tree.js';
import { PemBundle } from '../../security/domain/pem.js';

const METADATA_MAX_BYTES = 16 * 1024;

/** Free-form data kept with the receiver for its owners (team, ticket…); Herald never reads it. */
export const ReceiverMetadata = z
  .record(z.string().min(1).max(200), z.unknown())
  .refine((m) => Buffer.byteLength(JSON.stringify(m)) <= METADATA_MAX_BYTES, { message: `must be at most ${METADATA_MAX_BYTES} bytes as JSON` });

/**
 * Everything about a receiver except its id; settings are validated by the channel's own
 * schema. Delivery settings (rate limit, concurrency, circuit breaker, disable-after) are the
 * delivery engine's, each defaulting to the service-wide value when unset.
 */
export const ReceiverFields = z.object({
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  metadata: ReceiverMetadata.optional(),
  channel: Channel,
  /** Channel settings (URL, credentials, recipients…); secrets in them are write-only in the API. */
  settings: z.record(z.string(), z.unknown()),
  /** False while paused: notifications are recorded as muted instead of sent. */
  enabled: z.boolean().default(true),
  /** The receiver's own subscriptions: routed events of other types are not sent to it. Unset: every type the routes send. */
  eventTypes: z.array(Subscription).max(20).optional(),
  retry: RetryPolicy.default(DEFAULT_RETRY_POLICY),
  ...ReceiverDeliverySettings.shape,
  /** As the delivery settings have it, with each certificate of the bundle checked here, on write. */
  tls: z.strictObject({ ca: PemBundle }).optional(),
});

function checkSettings(receiver: { channel: Channel; settings: Record<string, unknown>; batch?: unknown }, ctx: z.RefinementCtx): void {
  if (receiver.batch !== undefined && !BATCH_CHANNELS.includes(receiver.channel)) {
    ctx.addIssue({ code: 'custom', path: ['batch'], message: `${receiver.channel} receivers cannot batch (batching is for ${BATCH_CHANNELS.join(', ')})` });
  }
  // Issues name the path and the rule, never the value (values may be secrets).
  const result = CHANNEL_RENDERERS[receiver.channel].config.safeParse(receiver.settings);
  if (!result.success) {
    for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', path: ['settings', ...issue.path], message: issue.message });
  }
}

/** A receiver as declared in the file or created through the API. */
export const ReceiverSpec = ReceiverFields.extend({ id: SubjectToken }).superRefine(checkSettings);
export type ReceiverSpec = z.output<typeof ReceiverSpec>;
export type ReceiverSpecInput = z.input<typeof ReceiverSpec>;

/** Who owns an object: the configuration file (read-only in the API) or the API. */
export type ManagedBy = 'file' | 'api';

/** A receiver as routing and the sender see it. */
export interface Receiver extends ReceiverSpec {
  readonly managedBy: ManagedBy;
}

/** Shown in place of a secret: the API never returns one. Sending it back keeps the stored value. */
export const SECRET_MASK = '********';

const AUTH_SECRETS = ['auth.value', 'auth.token', 'auth.password', 'auth.clientSecret'];

/** Settings paths that hold credentials (`*` is any key or index). The whole URL is one where the URL is the credential. */
export function secretPatterns(channel: Channel): string[] {
  const url = CHANNEL_RENDERERS[channel].secretUrl ? ['url'] : [];
  switch (channel) {
    case 'webhook':
      // Custom headers are where people put tokens: all their values are treated as secret.
      return [...url, 'headers.*', ...AUTH_SECRETS, 'signing.secrets.*', 'signing.legacySecret', 'signing.hmac.secret'];
    case 'elasticsearch':
      return [...url, 'apiKey', ...AUTH_SECRETS];
    case 'pagerduty':
      return [...url, 'routingKey'];
    case 'splunk':
      return [...url, 'token'];
    case 'datadog':
      return [...url, 'apiKey'];
    case 'email':
      return [...url, 'smtp.password'];
    case 'slack':
      return [...url, 'token'];
    case 'discord':
    case 'teams':
      return url;
  }
}

/**
 * Whether a receiver field (path from the receiver, e.g. `settings.auth.token`) may be given in
 * the configuration file as `…Env`/`…File`: every secret of its channel, and the CA bundle.
 */
export function referencable(channel: Channel, path: readonly string[]): boolean {
  if (path.join('.') === 'tls.ca') return true;
  if (path[0] !== 'settings') return false;
  const rest = path.slice(1);
  return secretPatterns(channel).some((pattern) => {
    const parts = pattern.split('.');
    return parts.length === rest.length && parts.every((p, i) => p === '*' || p === rest[i]);
  });
}

type Path = ReadonlyArray<string | number>;

/** Concrete paths in `settings` that match the channel's secret patterns and hold a value. */
export function secretPaths(channel: Channel, settings: unknown): string[][] {
  const out: string[][] = [];
  const walk = (node: unknown, pattern: readonly string[], at: string[]): void => {
    if (pattern.length === 0) {
      if (node !== undefined && node !== null) out.push(at);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const [head, ...rest] = pattern as [string, ...string[]];
    const keys = head === '*' ? Object.keys(node) : Object.hasOwn(node, head) ? [head] : [];
    for (const key of keys) walk((node as Record<string, unknown>)[key], rest, [...at, key]);
  };
  for (const pattern of secretPatterns(channel)) walk(settings, pattern.split('.'), []);
  return out;
}

function getAt(node: unknown, path: Path): unknown {
  let current = node;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

function setAt(node: unknown, path: Path, value: unknown): void {
  let current = node as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) current = current[key] as Record<string | number, unknown>;
  current[path[path.length - 1]!] = value;
}

/** Settings safe to show: every secret replaced by {@link SECRET_MASK}, with the masked paths listed. */
export function maskSecrets(channel: Channel, settings: Record<string, unknown>): { settings: Record<string, unknown>; secretFields: string[] } {
  const copy = structuredClone(settings);
  const paths = secretPaths(channel, copy);
  for (const path of paths) setAt(copy, path, SECRET_MASK);
  return { settings: copy, secretFields: paths.map((p) => ['settings', ...p].join('.')) };
}

export type RestoreResult = { ok: true; settings: Record<string, unknown> } | { ok: false; problems: Array<{ path: string; message: string }> };

/**
 * Incoming settings with every {@link SECRET_MASK} at a secret path replaced by the stored
 * value at the same path, so a client can send back what it read. A mask where nothing is
 * stored, or at a path that is not secret, is an error rather than a literal value.
 */
export function restoreSecrets(channel: Channel, incoming: Record<string, unknown>, stored: Record<string, unknown> | undefined): RestoreResult {
  const copy = structuredClone(incoming);
  const problems: Array<{ path: string; message: string }> = [];
  const secret = new Set(secretPaths(channel, copy).map((p) => p.join('.')));
  const visit = (node: unknown, at: string[]): void => {
    if (node === SECRET_MASK) {
      const key = at.join('.');
      const previous = secret.has(key) && stored ? getAt(stored, at) : undefined;
      if (previous === undefined || previous === SECRET_MASK) {
        problems.push({ path: ['settings', ...at].join('.'), message: 'is masked but no stored secret exists at this path; send the value' });
      } else {
        setAt(copy, at, previous);
      }
      return;
    }
    if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) visit(v, [...at, k]);
  };
  visit(copy, []);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, settings: copy };
}

const INPUT_KEYS = new Set(Object.keys(ReceiverFields.shape));

/** A receiver as written, reduced to the known fields (without the id, which is the row key). */
export function receiverInput(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([key, value]) => INPUT_KEYS.has(key) && value !== undefined));
}
