import { type SourceType } from '@herald/contracts';
import { type FieldError } from '@herald/sources';

/** How a body arrived: JSON, plain text (SNS sends JSON as text/plain) or an HTML form. */
export type BodyKind = 'json' | 'text' | 'form';

const MEDIA_TYPES: Readonly<Record<string, BodyKind>> = {
  'application/json': 'json',
  'text/plain': 'text',
  'application/x-www-form-urlencoded': 'form',
};

/** The body kind of a `Content-Type` header; `undefined` for a type Herald does not take. */
export function bodyKindOf(contentType: string | undefined): BodyKind | undefined {
  const media = contentType?.split(';', 1)[0]?.trim().toLowerCase();
  return media === undefined ? undefined : MEDIA_TYPES[media];
}

/** What each tool actually sends; JSON always works. */
const ACCEPTED: Partial<Record<SourceType, readonly BodyKind[]>> = {
  cloudwatch: ['json', 'text'],
  // UptimeRobot posts its fields as a form unless "send as JSON" is ticked.
  uptimerobot: ['json', 'form'],
  // GitHub's "application/x-www-form-urlencoded" content type: the JSON is in the `payload` field.
  github: ['json', 'form'],
};

export function acceptedBodyKinds(source: SourceType): readonly BodyKind[] {
  return ACCEPTED[source] ?? ['json'];
}

const CONTENT_TYPE_OF: Readonly<Record<BodyKind, string>> = {
  json: 'application/json',
  text: 'text/plain',
  form: 'application/x-www-form-urlencoded',
};

export type Decoded = { ok: true; body: unknown } | { ok: false; unsupported: string } | { ok: false; errors: FieldError[] };

/**
 * Checks the content type against what the source sends and returns the body its
 * schema reads. A request without a body (nor a content type) is decoded as JSON
 * `undefined`, which every schema answers with a 400 naming the body.
 */
export function decodeBody(source: SourceType, contentType: string | undefined, body: unknown): Decoded {
  const kind = contentType === undefined && body === undefined ? 'json' : bodyKindOf(contentType);
  const accepted = acceptedBodyKinds(source);
  if (kind === undefined || !accepted.includes(kind)) {
    const media = contentType?.split(';', 1)[0]?.trim() || '(none)';
    return { ok: false, unsupported: `content type ${media} is not accepted for ${source}; send ${accepted.map((k) => CONTENT_TYPE_OF[k]).join(' or ')}` };
  }
  if (kind === 'form' && source === 'github') return githubFormPayload(body);
  if (kind === 'form') return { ok: true, body: { ...(body as object) } };
  return { ok: true, body };
}

function githubFormPayload(body: unknown): Decoded {
  const payload = (body as Record<string, unknown> | undefined)?.['payload'];
  if (typeof payload !== 'string') return { ok: false, errors: [{ path: 'payload', message: 'is required (the form field holding the JSON event)' }] };
  try {
    return { ok: true, body: JSON.parse(payload) as unknown };
  } catch {
    return { ok: false, errors: [{ path: 'payload', message: 'must be JSON' }] };
  }
}
