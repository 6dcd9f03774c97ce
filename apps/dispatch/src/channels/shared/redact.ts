import { type Channel } from '@herald/contracts';
import { type Rendered } from '../types.js';

export const REDACTED = '[redacted]';

/** Headers that carry credentials on some channel; custom `api-key` header names are redacted too. */
const SECRET_HEADERS = /^(authorization|dd-api-key|x-api-key|api-key|x-auth-token|cookie|proxy-authorization)$/i;
/** Body fields the platform requires a credential in. */
const SECRET_BODY_FIELDS: Partial<Record<Channel, readonly string[]>> = { pagerduty: ['routing_key'] };

/**
 * A copy of a rendered request that is safe for the delivery log: credential
 * headers (and any header named in `extraSecretHeaders`), the path and query of
 * URLs that are credentials, credential fields in bodies, and a mail's own SMTP password are replaced.
 */
export function redactForLog(
  channel: Channel,
  rendered: Rendered,
  options: { secretUrl: boolean; extraSecretHeaders?: readonly string[] },
): Rendered {
  if (rendered.kind === 'email') return rendered.smtp?.password ? { ...rendered, smtp: { ...rendered.smtp, password: REDACTED } } : rendered;
  const extra = new Set((options.extraSecretHeaders ?? []).map((h) => h.toLowerCase()));
  const headers = Object.fromEntries(
    Object.entries(rendered.headers).map(([name, value]) => [
      name,
      SECRET_HEADERS.test(name) || extra.has(name) ? REDACTED : value,
    ]),
  );
  let url = rendered.url;
  if (options.secretUrl) {
    const parsed = new URL(rendered.url);
    url = `${parsed.origin}/${REDACTED}`;
  }
  let body = rendered.body;
  const fields = SECRET_BODY_FIELDS[channel];
  if (fields) {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    for (const field of fields) if (field in parsed) parsed[field] = REDACTED;
    body = JSON.stringify(parsed);
  }
  return { ...rendered, url, headers, body };
}
