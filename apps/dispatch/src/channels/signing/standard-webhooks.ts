import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { RenderError } from '../types.js';
import { hmacHeaders } from './hmac-signature.js';

/**
 * Standard Webhooks (https://www.standardwebhooks.com/), symmetric `v1` scheme:
 * `webhook-signature: v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`,
 * where the key is the base64 part of a `whsec_…` secret. During a rotation
 * every configured secret signs, and the signatures are space-separated.
 */
export const SECRET_PREFIX = 'whsec_';
/** The spec recommends keys of 24 to 64 bytes. */
export const MIN_KEY_BYTES = 24;
export const MAX_KEY_BYTES = 64;
/** Receivers should refuse timestamps further than this from their clock (replay window). */
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Why a `whsec_` secret is unusable, or undefined when it is fine. */
export function secretProblem(secret: string): string | undefined {
  if (!secret.startsWith(SECRET_PREFIX)) return `must start with "${SECRET_PREFIX}"`;
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (!BASE64.test(encoded)) return 'must be "whsec_" followed by standard base64';
  const bytes = Buffer.from(encoded, 'base64').length;
  if (bytes < MIN_KEY_BYTES || bytes > MAX_KEY_BYTES) {
    return `key must be ${MIN_KEY_BYTES} to ${MAX_KEY_BYTES} bytes, got ${bytes}`;
  }
  return undefined;
}

/** A `whsec_<base64>` signing secret (validated, never echoed in error messages). */
export const WebhookSecret = z.string().superRefine((secret, ctx) => {
  const problem = secretProblem(secret);
  if (problem) ctx.addIssue({ code: 'custom', message: `signing secret ${problem}` });
});

/** The HMAC key inside a `whsec_` secret. */
export function secretKey(secret: string): Buffer {
  const problem = secretProblem(secret);
  if (problem) throw new RenderError('SECRET_INVALID', `Signing secret ${problem}`);
  return Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
}

/** Formats random bytes (from the caller's CSPRNG) as a new secret. */
export function formatSecret(key: Uint8Array): string {
  if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
    throw new RenderError('SECRET_INVALID', `Signing key must be ${MIN_KEY_BYTES} to ${MAX_KEY_BYTES} bytes`);
  }
  return SECRET_PREFIX + Buffer.from(key).toString('base64');
}

/** The content that is signed: `${id}.${timestamp}.${body}`. */
export function signedContent(id: string, timestamp: number | string, body: string): string {
  return `${id}.${timestamp}.${body}`;
}

/** One `v1,<base64>` signature. */
export function signV1(secret: string, id: string, timestamp: number | string, body: string): string {
  const mac = createHmac('sha256', secretKey(secret)).update(signedContent(id, timestamp, body), 'utf8');
  return `v1,${mac.digest('base64')}`;
}

export type StandardWebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature'?: string;
};

/**
 * The Standard Webhooks headers for one attempt. With no secrets the id and
 * timestamp are still sent (they serve idempotency), without a signature.
 */
export function standardWebhookHeaders(
  id: string,
  timestamp: number,
  body: string,
  secrets: readonly string[],
): StandardWebhookHeaders {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new RenderError('CONFIG_INVALID', 'webhook-timestamp must be a non-negative integer of Unix seconds');
  }
  const headers: StandardWebhookHeaders = { 'webhook-id': id, 'webhook-timestamp': String(timestamp) };
  if (secrets.length > 0) {
    headers['webhook-signature'] = secrets.map((s) => signV1(s, id, timestamp, body)).join(' ');
  }
  return headers;
}

/** Legacy `sha256=<hex HMAC-SHA256 of the body>`, keyed by the secret's UTF-8 bytes. */
export function legacySignature(secret: string, body: string): string {
  return hmacHeaders({ secret, header: 'X-Webhook-Signature', signs: 'body', encoding: 'hex', prefix: 'sha256=' }, body, 0)['x-webhook-signature']!;
}

export type VerifyFailure =
  | 'missing_header'
  | 'invalid_timestamp'
  | 'timestamp_out_of_tolerance'
  | 'no_matching_signature';

export type VerifyResult = { ok: true } | { ok: false; reason: VerifyFailure };

/**
 * Checks a delivery the way a receiver does: any `v1` signature made with any
 * of `secrets`, compared in constant time, within `toleranceSeconds` of `now`.
 */
export function verifyStandardWebhook(args: {
  headers: Readonly<Record<string, string | undefined>>;
  body: string;
  secrets: readonly string[];
  now: number;
  toleranceSeconds?: number;
}): VerifyResult {
  const header = (name: string): string | undefined =>
    Object.entries(args.headers).find(([key]) => key.toLowerCase() === name)?.[1];
  const id = header('webhook-id');
  const rawTimestamp = header('webhook-timestamp');
  const signatures = header('webhook-signature');
  if (!id || !rawTimestamp || !signatures) return { ok: false, reason: 'missing_header' };
  if (!/^\d+$/.test(rawTimestamp)) return { ok: false, reason: 'invalid_timestamp' };
  if (Math.abs(args.now - Number(rawTimestamp)) > (args.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) {
    return { ok: false, reason: 'timestamp_out_of_tolerance' };
  }
  const offered = signatures
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => Buffer.from(entry.slice(3), 'base64'));
  for (const secret of args.secrets) {
    const expected = Buffer.from(signV1(secret, id, rawTimestamp, args.body).slice(3), 'base64');
    if (offered.some((sig) => sig.length === expected.length && timingSafeEqual(sig, expected))) {
      return { ok: true };
    }
  }
  return { ok: false, reason: 'no_matching_signature' };
}
