import { z } from 'zod';
import type { ApiRoute } from '../openapi-document.js';

/*
 * The management action log: who changed what through a management API, one row per
 * accepted change (the admin-token guard decides what is an action). Pure: the list's query,
 * paths, and merging several services' lists.
 */

/** One recorded action as `GET /v1/actions…` shows it. */
export interface ManagementAction {
  readonly id: string;
  readonly at: string;
  readonly service: string;
  /** The token's name, the proxy's user, or `admin` for the shared HERALD_ADMIN_TOKEN. */
  readonly actor: string;
  readonly role: string;
  readonly method: string;
  /** The path acted on, without its query string: `/v1/receivers/ops/pause`. */
  readonly path: string;
}

/** `/v1/actions…` query: only `actor`'s actions, only paths at or under `path`, newest first, at most `limit`. */
export const ActionQuery = z.strictObject({
  actor: z.string().min(1).max(200).optional(),
  path: z.string().startsWith('/', 'must start with /').max(500).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ActionQuery = z.output<typeof ActionQuery>;

/** `/v1/receivers/ops/pause?x=1` → `/v1/receivers/ops/pause` (bounded, as stored). */
export const actionPath = (url: string): string => (url.split('?', 1)[0] ?? '').slice(0, 500);

/** True when `path` is `prefix` itself or below it (`/v1/receivers/ops` covers `/v1/receivers/ops/pause`, not `/v1/receivers/ops2`). */
export function underPath(path: string, prefix: string): boolean {
  const bare = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  return path === bare || path.startsWith(`${bare}/`);
}

/** Several services' lists as one: newest first (ties by service), at most `limit`. */
export function mergeActions(lists: ReadonlyArray<readonly ManagementAction[]>, limit: number): ManagementAction[] {
  return lists
    .flat()
    .sort((a, b) => b.at.localeCompare(a.at) || a.service.localeCompare(b.service) || Number(b.id) - Number(a.id))
    .slice(0, limit);
}

export const ManagementActionView = z.object({
  id: z.string(),
  at: z.string(),
  service: z.string(),
  actor: z.string(),
  role: z.string(),
  method: z.string(),
  path: z.string(),
});

/** `GET /v1/actions/<service>`: one service's recorded actions; the gateway's `GET /v1/actions` merges them all. */
export const actionsPath = (service: string): string => `/v1/actions/${service}`;

/** The route for a service's API description. */
export const actionLogRoute = (service: string): ApiRoute => ({
  method: 'get',
  path: actionsPath(service),
  tag: 'actions',
  summary: `Who changed what through the ${service} API, newest first`,
  query: ActionQuery,
  response: z.object({ items: z.array(ManagementActionView) }),
});
