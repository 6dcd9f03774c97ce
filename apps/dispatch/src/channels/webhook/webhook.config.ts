import { z } from 'zod';
import { OutboundAuth } from '../shared/auth.js';
import { HeaderName, HeaderValue, HttpUrl, RESERVED_HEADERS } from '../shared/http.js';
import { HmacSigning } from '../signing/hmac-signature.js';
import { WebhookSecret } from '../signing/standard-webhooks.js';
import { JsonTemplate } from '../templates/json-template.js';
import { FieldRules } from './field-rules.js';

export const WebhookSigning = z
  .strictObject({
    /** Standard Webhooks: `whsec_<base64>`; list two during a rotation and each signs every delivery. */
    secrets: z.array(WebhookSecret).min(1).max(5).optional(),
    /** Also send `X-Webhook-Signature: sha256=<hex HMAC of the body>` keyed with this. */
    legacySecret: z.string().min(16).max(512).optional(),
    /** Also (or instead) an HMAC in the header and over the content a receiver expects (seeds 000 and 004). */
    hmac: HmacSigning.optional(),
  })
  .refine((s) => s.secrets !== undefined || s.legacySecret !== undefined || s.hmac !== undefined, { message: 'set secrets, legacySecret or hmac' });

/** A generic HTTP endpoint receiving the Herald payload or a custom JSON body. */
export const WebhookConfig = z
  .strictObject({
    url: HttpUrl,
    headers: z.record(HeaderName, HeaderValue).optional(),
    auth: OutboundAuth.optional(),
    signing: WebhookSigning.optional(),
    /** A JSON template (see `templates/json-template.ts`); replaces the Herald payload. */
    template: JsonTemplate.optional(),
    /** Include/exclude paths on the Herald payload; not combinable with `template`. */
    fields: FieldRules.optional(),
  })
  .superRefine((config, ctx) => {
    for (const name of Object.keys(config.headers ?? {})) {
      const lower = name.toLowerCase();
      if (RESERVED_HEADERS.has(lower)) {
        ctx.addIssue({ code: 'custom', path: ['headers', name], message: `"${name}" is set by Herald` });
      }
      if (lower === 'authorization' && config.auth && config.auth.type !== 'none') {
        ctx.addIssue({ code: 'custom', path: ['headers', name], message: 'use either auth or an Authorization header' });
      }
    }
    const hmac = config.signing?.hmac;
    const custom = new Set(Object.keys(config.headers ?? {}).map((n) => n.toLowerCase()));
    for (const [field, name] of [['header', hmac?.header], ['timestampHeader', hmac?.timestampHeader]] as const) {
      if (name === undefined) continue;
      const lower = name.toLowerCase();
      if (RESERVED_HEADERS.has(lower) || custom.has(lower) || lower === 'authorization' || (lower === 'x-webhook-signature' && config.signing?.legacySecret)) {
        ctx.addIssue({ code: 'custom', path: ['signing', 'hmac', field], message: `"${name}" is already sent by Herald or by this receiver's settings` });
      }
    }
    const names = Object.keys(config.headers ?? {}).map((n) => n.toLowerCase());
    if (new Set(names).size !== names.length) {
      ctx.addIssue({ code: 'custom', path: ['headers'], message: 'header names must differ in more than case' });
    }
    if (config.template !== undefined && config.fields !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['fields'], message: 'fields apply to the default payload; a template chooses its own' });
    }
  });
export type WebhookConfig = z.infer<typeof WebhookConfig>;
