import { type FieldError } from '@herald/sources';

export type OpsgenieActionBody =
  | { ok: true; body: Record<string, unknown> }
  | { ok: false; code: 'INVALID_REQUEST' | 'INVALID_BODY'; message: string; errors: FieldError[] };

const ACTIONS = new Set(['close', 'acknowledge']);
const FIELDS = ['user', 'source', 'note'] as const;

/**
 * The body ingestion records for `POST /v2/alerts/{identifier}/{close|acknowledge}`: the
 * request's own fields (user, source, note) plus the facts only the path carries. Herald
 * finds alerts by alias, the key tools set when they create one; Opsgenie's alert ids
 * and tiny ids name nothing here.
 */
export function opsgenieActionBody(action: string, identifier: string, identifierType: unknown, body: unknown): OpsgenieActionBody {
  if (!ACTIONS.has(action)) return { ok: false, code: 'INVALID_REQUEST', message: `no alert action "${action.slice(0, 32)}": Herald supports close and acknowledge`, errors: [] };
  if (identifierType !== undefined && identifierType !== 'alias') {
    return {
      ok: false,
      code: 'INVALID_BODY',
      message: 'identifierType must be alias: Herald identifies alerts by the alias they were created with',
      errors: [{ path: 'identifierType', message: 'must be alias' }],
    };
  }
  const given = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const kept = Object.fromEntries(FIELDS.filter((f) => given[f] !== undefined).map((f) => [f, given[f]]));
  return { ok: true, body: { ...kept, opsgenieAction: action, alias: identifier } };
}
