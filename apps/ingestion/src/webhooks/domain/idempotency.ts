import { type SourceType } from '@herald/contracts';
import { type FieldError } from '@herald/sources';

const VALID = /^[\x21-\x7e]{1,200}$/;

/** Event ids that tools send with every delivery and repeat on their own retries. */
const SOURCE_EVENT_ID_HEADERS: Partial<Record<SourceType, string>> = {
  github: 'x-github-delivery',
  sentry: 'request-id',
  cloudwatch: 'x-amz-sns-message-id',
};

export type IdempotencyKey = { ok: true; key: string | undefined } | { ok: false; errors: FieldError[] };

/**
 * The key that makes a retried request the same alert: the client's `Idempotency-Key`,
 * else a Standard Webhooks `webhook-id`, else the source's own delivery id. It becomes
 * part of the `Nats-Msg-Id`, so JetStream absorbs the retry.
 */
export function idempotencyKeyOf(source: SourceType, headers: Readonly<Record<string, string | undefined>>): IdempotencyKey {
  const explicit = headers['idempotency-key'];
  if (explicit !== undefined) {
    return VALID.test(explicit)
      ? { ok: true, key: explicit }
      : { ok: false, errors: [{ path: 'headers.idempotency-key', message: 'must be 1 to 200 visible ASCII characters' }] };
  }
  const sourceHeader = SOURCE_EVENT_ID_HEADERS[source];
  for (const name of ['webhook-id', ...(sourceHeader ? [sourceHeader] : [])]) {
    const value = headers[name];
    // A malformed tool-supplied id is not the client's fault: the request just gets no key.
    if (value !== undefined && VALID.test(value)) return { ok: true, key: `${name}:${value}` };
  }
  return { ok: true, key: undefined };
}
