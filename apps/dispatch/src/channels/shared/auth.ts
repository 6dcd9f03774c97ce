import { z } from 'zod';
import { HeaderName, HttpUrl, RESERVED_HEADERS } from './http.js';

const Secret = z.string().min(1).max(4096).regex(/^[^\r\n\0]*$/, 'must not contain line breaks');

/**
 * How an HTTP channel authenticates to its target. `oauth2` (client credentials)
 * is fetched and cached by the sender, which adds `Authorization: Bearer …`
 * itself; renderers leave that header out.
 */
export const OutboundAuth = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({
    type: z.literal('api-key'),
    header: HeaderName.refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), 'is set by Herald').default(
      'X-API-Key',
    ),
    value: Secret,
  }),
  z.object({ type: z.literal('bearer'), token: Secret }),
  z.object({
    type: z.literal('basic'),
    username: z.string().min(1).max(256).regex(/^[^:\r\n\0]*$/, 'must not contain ":" or line breaks'),
    password: Secret,
  }),
  z.object({
    type: z.literal('oauth2'),
    tokenUrl: HttpUrl,
    clientId: z.string().min(1).max(512),
    clientSecret: Secret,
    scopes: z.array(z.string().min(1).max(256)).max(50).optional(),
    audience: z.string().min(1).max(512).optional(),
  }),
]);
export type OutboundAuth = z.infer<typeof OutboundAuth>;
export type OAuth2Auth = Extract<OutboundAuth, { type: 'oauth2' }>;

/** The headers that carry `auth`; empty for `none` and for `oauth2` (the sender adds it). */
export function authHeaders(auth: OutboundAuth | undefined): Record<string, string> {
  switch (auth?.type) {
    case undefined:
    case 'none':
    case 'oauth2':
      return {};
    case 'api-key':
      return { [auth.header.toLowerCase()]: auth.value };
    case 'bearer':
      return { authorization: `Bearer ${auth.token}` };
    case 'basic':
      return {
        authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`,
      };
  }
}

/** The OAuth2 settings the sender must apply to a channel config, if it has any. */
export function oauth2Of(config: unknown): OAuth2Auth | undefined {
  if (config === null || typeof config !== 'object' || !('auth' in config)) return undefined;
  const parsed = OutboundAuth.safeParse(config.auth);
  return parsed.success && parsed.data.type === 'oauth2' ? parsed.data : undefined;
}
