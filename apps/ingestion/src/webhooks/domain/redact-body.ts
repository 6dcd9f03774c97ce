import { type SourceType } from '@herald/contracts';

/**
 * Body fields that carry the integration's secret. Honeycomb's default payload repeats
 * the webhook secret (the Herald key, sent in X-Honeycomb-Webhook-Token) as
 * `shared_secret`; it must not be stored with the alert.
 */
const SECRET_FIELDS: Partial<Record<SourceType, readonly string[]>> = {
  honeycomb: ['shared_secret'],
};

/** The body as it is stored and normalised: the same, less any field that repeats a secret. */
export function redactBody(source: SourceType, body: unknown): unknown {
  const fields = SECRET_FIELDS[source];
  if (fields === undefined || typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).filter(([name]) => !fields.includes(name)));
}
