import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { HeaderName } from '../shared/http.js';
import { pythonJsonDumps } from './python-json.js';

/**
 * What the HMAC covers. `body`: the raw body; `body+timestamp`: the body then the Unix
 * timestamp, no separator (seed 000's STET receiver); `timestamp.body`: `<timestamp>.<body>`
 * (Stripe's and Slack's layout); `sorted-json`: Python's `json.dumps(payload, sort_keys=True)`
 * of the body (seed 004's receiver, which re-serialises what it parsed).
 */
export const HMAC_CONTENTS = ['body', 'body+timestamp', 'timestamp.body', 'sorted-json'] as const;
export type HmacContent = (typeof HMAC_CONTENTS)[number];

/** HMAC-SHA256 signing for receivers written for something other than Standard Webhooks. */
export const HmacSigning = z
  .strictObject({
    secret: z.string().min(16).max(512),
    /** Where the signature goes (seed 004: X-Signature; seed 000: X-STET-Signature). */
    header: HeaderName.default('X-Signature'),
    signs: z.enum(HMAC_CONTENTS).default('body'),
    /** Where the Unix timestamp goes (seed 000: X-STET-Timestamp); required when the timestamp is signed. */
    timestampHeader: HeaderName.optional(),
    encoding: z.enum(['hex', 'base64']).default('hex'),
    /** Put before the digest, e.g. `sha256=`. */
    prefix: z.string().max(32).regex(/^[\x21-\x7e]*$/, 'must be printable ASCII without spaces').default(''),
  })
  .superRefine((s, ctx) => {
    const timed = s.signs === 'body+timestamp' || s.signs === 'timestamp.body';
    if (timed && s.timestampHeader === undefined) ctx.addIssue({ code: 'custom', path: ['timestampHeader'], message: `is required when signs is "${s.signs}"` });
    if (!timed && s.timestampHeader !== undefined) ctx.addIssue({ code: 'custom', path: ['timestampHeader'], message: `only applies when the timestamp is signed` });
    if (s.timestampHeader !== undefined && s.timestampHeader.toLowerCase() === s.header.toLowerCase()) {
      ctx.addIssue({ code: 'custom', path: ['timestampHeader'], message: 'must differ from header' });
    }
  });
export type HmacSigning = z.output<typeof HmacSigning>;

/** The text the HMAC covers, from the body exactly as sent. */
export function hmacContent(signs: HmacContent, body: string, timestamp: number): string {
  switch (signs) {
    case 'body':
      return body;
    case 'body+timestamp':
      return `${body}${timestamp}`;
    case 'timestamp.body':
      return `${timestamp}.${body}`;
    case 'sorted-json':
      return pythonJsonDumps(JSON.parse(body) as unknown);
  }
}

/** The headers (lower-case names) carrying the signature, and the timestamp when it is signed. */
export function hmacHeaders(signing: HmacSigning, body: string, timestamp: number): Record<string, string> {
  const digest = createHmac('sha256', Buffer.from(signing.secret, 'utf8')).update(hmacContent(signing.signs, body, timestamp), 'utf8').digest(signing.encoding);
  return {
    [signing.header.toLowerCase()]: `${signing.prefix}${digest}`,
    ...(signing.timestampHeader !== undefined ? { [signing.timestampHeader.toLowerCase()]: String(timestamp) } : {}),
  };
}
