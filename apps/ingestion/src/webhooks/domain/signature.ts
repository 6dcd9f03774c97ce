import { createHmac, timingSafeEqual } from 'node:crypto';
import { type SignatureScheme } from '../../integrations/domain/integration.js';

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export interface SignedRequest {
  /** The body exactly as received: signatures are over bytes, never over re-serialised JSON. */
  readonly rawBody: Buffer;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Unix seconds now (Standard Webhooks refuses stale and future timestamps). */
  readonly nowSeconds: number;
  readonly toleranceSeconds: number;
}

/** Checks a request's HMAC-SHA256 signature under one scheme, comparing in constant time. */
export function verifySignature(scheme: SignatureScheme, secret: string, request: SignedRequest): SignatureCheck {
  switch (scheme) {
    case 'github':
      return verifyHexHeader(request, 'x-hub-signature-256', 'sha256=', Buffer.from(secret, 'utf8'));
    case 'sentry':
      return verifyHexHeader(request, 'sentry-hook-signature', '', Buffer.from(secret, 'utf8'));
    case 'bitbucket':
      // GitHub's scheme under GitHub's old (SHA-1) header name.
      return verifyHexHeader(request, 'x-hub-signature', 'sha256=', Buffer.from(secret, 'utf8'));
    case 'standard-webhooks':
      return verifyStandardWebhooks(secret, request);
    case 'grafana':
      return verifyTimestamped(request, secret, GRAFANA);
    case 'stet':
      return verifyTimestamped(request, secret, STET);
  }
}

/** A hex HMAC-SHA256 header over the body and, when the sender adds one, a timestamp header. */
interface TimestampedScheme {
  readonly signature: string;
  /** Header names the timestamp may come in, in order of preference. */
  readonly timestamps: readonly string[];
  readonly timestampRequired: boolean;
  readonly signed: (timestamp: string | undefined, body: Buffer) => Buffer;
}

/**
 * Grafana's webhook contact point (HMAC signature settings): hex HMAC-SHA256 of the body in
 * X-Grafana-Alerting-Signature, or of `<timestamp>:<body>` when a timestamp header is
 * configured. That header has no default name; Grafana's provisioning docs use
 * X-Grafana-Alerting-Signature-Timestamp, so that (or X-Grafana-Alerting-Timestamp) is read.
 */
const GRAFANA: TimestampedScheme = {
  signature: 'x-grafana-alerting-signature',
  timestamps: ['x-grafana-alerting-signature-timestamp', 'x-grafana-alerting-timestamp'],
  timestampRequired: false,
  signed: (timestamp, body) => (timestamp === undefined ? body : Buffer.concat([Buffer.from(`${timestamp}:`), body])),
};

/** STET's webhook script (seed 000): X-STET-Signature is hex HMAC-SHA256 of `<body><X-STET-Timestamp>`. */
const STET: TimestampedScheme = {
  signature: 'x-stet-signature',
  timestamps: ['x-stet-timestamp'],
  timestampRequired: true,
  signed: (timestamp, body) => Buffer.concat([body, Buffer.from(timestamp ?? '')]),
};

function verifyTimestamped(request: SignedRequest, secret: string, scheme: TimestampedScheme): SignatureCheck {
  const header = scheme.timestamps.find((name) => request.headers[name] !== undefined);
  const timestamp = header === undefined ? undefined : request.headers[header]?.trim();
  if (timestamp === undefined && scheme.timestampRequired) return { ok: false, reason: `missing ${scheme.timestamps.join(' or ')} header` };
  if (timestamp !== undefined) {
    if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: `${header} must be Unix seconds` };
    if (Math.abs(request.nowSeconds - Number(timestamp)) > request.toleranceSeconds) {
      return { ok: false, reason: `${header} is more than ${request.toleranceSeconds} s from now` };
    }
  }
  const signed = { ...request, rawBody: scheme.signed(timestamp, request.rawBody) };
  return verifyHexHeader(signed, scheme.signature, '', Buffer.from(secret, 'utf8'));
}

/** GitHub `X-Hub-Signature-256: sha256=<hex>`, Bitbucket `X-Hub-Signature: sha256=<hex>`, Sentry `Sentry-Hook-Signature: <hex>`. */
function verifyHexHeader(request: SignedRequest, header: string, prefix: string, key: Buffer): SignatureCheck {
  const value = request.headers[header]?.trim();
  if (!value) return { ok: false, reason: `missing ${header} header` };
  if (!value.toLowerCase().startsWith(prefix) || !/^[0-9a-f]{64}$/i.test(value.slice(prefix.length))) {
    return { ok: false, reason: `${header} must be ${prefix}<64 hex digits>` };
  }
  const presented = Buffer.from(value.slice(prefix.length), 'hex');
  const expected = createHmac('sha256', key).update(request.rawBody).digest();
  return timingSafeEqual(presented, expected) ? { ok: true } : { ok: false, reason: `${header} does not match the body` };
}

/**
 * Standard Webhooks: HMAC-SHA256 over `${webhook-id}.${webhook-timestamp}.${body}` with the
 * base64 secret after `whsec_`; `webhook-signature` lists `v1,<base64>` entries (key rotation).
 */
function verifyStandardWebhooks(secret: string, request: SignedRequest): SignatureCheck {
  const id = request.headers['webhook-id'];
  const timestamp = request.headers['webhook-timestamp'];
  const signatures = request.headers['webhook-signature'];
  if (!id || !timestamp || !signatures) return { ok: false, reason: 'missing webhook-id, webhook-timestamp or webhook-signature header' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'webhook-timestamp must be Unix seconds' };
  if (Math.abs(request.nowSeconds - Number(timestamp)) > request.toleranceSeconds) {
    return { ok: false, reason: `webhook-timestamp is more than ${request.toleranceSeconds} s from now` };
  }
  const key = standardWebhooksKey(secret);
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(request.rawBody).digest();
  for (const entry of signatures.split(' ')) {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) continue;
    const presented = Buffer.from(value, 'base64');
    if (presented.length === expected.length && timingSafeEqual(presented, expected)) return { ok: true };
  }
  return { ok: false, reason: 'no webhook-signature entry matches the body' };
}

/** `whsec_<base64>` is the standard form; any other secret is used as its UTF-8 bytes. */
export function standardWebhooksKey(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice('whsec_'.length), 'base64') : Buffer.from(secret, 'utf8');
}
