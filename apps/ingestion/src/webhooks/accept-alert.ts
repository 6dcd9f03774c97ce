import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { alertChunks, HEADERS, unstorableFields, type CanonicalAlert, type SourceType } from '@herald/contracts';
import { classifyFailure, Publisher, tooLargeToPublish } from '@herald/messaging';
import { contextFrom, type WorkContext } from '@herald/observability';
import { countAlerts, deterministicUuid, normalise, type FieldError } from '@herald/sources';
import { type AlertIntegration, isAlertIntegration } from '../integrations/domain/integration.js';
import { IntegrationAuthenticator, type IntegrationRef } from '../integrations/integration-authenticator.js';
import { NormalisedAlerts } from '../normalise/normalised-alerts.js';
import { idempotencyKeyOf } from './domain/idempotency.js';
import { redactBody } from './domain/redact-body.js';
import { decodeBody } from './domain/request-body.js';
import { verifySignature } from './domain/signature.js';
import { forwardedHeaders } from './forwarded-headers.js';
import { IngestionError, type IngestionErrorCode } from './ingestion.errors.js';
import { RateLimiter } from './rate-limiter.js';

export const SIGNATURE_TOLERANCE_SECONDS = Symbol('SIGNATURE_TOLERANCE_SECONDS');

export interface IncomingAlert {
  readonly integration: IntegrationRef;
  readonly key: string | undefined;
  /** Request headers, lower-case names. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly rawBody: Buffer | undefined;
  readonly body: unknown;
}

export interface AcceptedAlert {
  /** The request's id (its alerts' `rawId`); stable across retries that carry the same idempotency key. */
  readonly id: string;
  readonly source: SourceType;
  readonly integrationId: string;
  /** True when JetStream already had this idempotency key's alerts: the retry was absorbed. */
  readonly duplicate: boolean;
  /** Alerts the body carries, as counted at the door (`countAlerts`). */
  readonly alerts: number;
}

/**
 * Authenticates, checks, normalises and durably accepts one alert request, in the order a
 * client can act on: integration (404), key (401), enabled (403), rate (429), content type
 * (415), signature (401), body (400). The body is parsed once: the source's schema checks it
 * and the same pass maps it to canonical alerts, which go straight to ALERTS, many to a message
 * (ids derived from the request's id, so a retry with the same idempotency key publishes the
 * same messages and JetStream absorbs them).
 * Resolves only after JetStream stored every alert, so a 2xx never loses one, and publishes
 * nothing for a refused request.
 */
@Injectable()
export class AcceptAlert {
  constructor(
    private readonly authenticator: IntegrationAuthenticator,
    private readonly rateLimiter: RateLimiter,
    private readonly publisher: Publisher,
    private readonly normalised: NormalisedAlerts,
    @Inject(SIGNATURE_TOLERANCE_SECONDS) private readonly toleranceSeconds: number,
  ) {}

  async execute(incoming: IncomingAlert): Promise<AcceptedAlert> {
    const integration = await this.authenticator.authenticate(incoming.integration, incoming.key);
    if (!isAlertIntegration(integration)) {
      throw new IngestionError('INVALID_REQUEST', `integration "${integration.id}" is a heartbeat: it takes pings at /v1/heartbeats/${integration.id}, not alerts`, {}, {
        refusedFor: { integrationId: integration.id },
      });
    }
    const refusedFor = { source: integration.source, integrationId: integration.id };
    const refuse = (code: IngestionErrorCode, message: string, details: ConstructorParameters<typeof IngestionError>[2] = {}): never => {
      throw new IngestionError(code, message, details, { refusedFor });
    };
    if (!integration.enabled) refuse('INTEGRATION_DISABLED', `integration "${integration.id}" is disabled`);

    const rate = this.rateLimiter.take(integration.id, integration.rateLimitPerMinute);
    if (!rate.allowed) {
      refuse('RATE_LIMITED', `integration "${integration.id}" is limited to ${integration.rateLimitPerMinute} requests a minute; retry later`, {
        retryAfterSeconds: rate.retryAfterSeconds,
      });
    }

    const headers = lowerCaseHeaders(incoming.headers);
    const decoded = decodeBody(integration.source, headers['content-type'], incoming.body);
    if (!decoded.ok && 'unsupported' in decoded) refuse('UNSUPPORTED_MEDIA_TYPE', decoded.unsupported);

    if (integration.signing) {
      const check = verifySignature(integration.signing.scheme, integration.signing.secret, {
        rawBody: incoming.rawBody ?? Buffer.alloc(0),
        headers,
        nowSeconds: Math.floor(Date.now() / 1_000),
        toleranceSeconds: this.toleranceSeconds,
      });
      if (!check.ok) refuse('BAD_SIGNATURE', `bad signature: ${check.reason}`);
    }

    if (!decoded.ok) return refuse('INVALID_BODY', invalidMessage(integration.source, 'errors' in decoded ? decoded.errors : []), badFields(decoded));
    // Also checked on the raw body for every service (StorableBodyPipe); here again for what decoding
    // revealed (the JSON in GitHub's form field). Accepted means storable: refused now, not lost later.
    const unstorable = unstorableFields(decoded.body);
    if (unstorable.length > 0) refuse('INVALID_BODY', invalidMessage(integration.source, unstorable), { errors: capped(unstorable) });
    const idempotency = idempotencyKeyOf(integration.source, headers);
    if (!idempotency.ok) return refuse('INVALID_BODY', `invalid request: ${idempotency.errors.map((e) => e.path).join(', ')}`, { errors: idempotency.errors });

    // With an idempotency key the id is derived from it, so a retry answers with the same id (and alert ids).
    const id = idempotency.key ? deterministicUuid(`${integration.id}:${idempotency.key}`) : randomUUID();
    const result = normalise(integration.source, redactBody(integration.source, decoded.body), {
      rawId: id,
      integrationId: integration.id,
      receivedAt: new Date().toISOString(),
      headers: forwardedHeaders(headers),
      makeId: (index) => deterministicUuid(`${id}/${index}`),
      ...(integration.severityMap && Object.keys(integration.severityMap).length > 0 ? { severityMap: { ...integration.severityMap } } : {}),
      // Dedup keys are scoped to their integration unless it opted in to sharing them.
      ...(integration.dedupScope === 'global' ? { dedupScope: 'global' as const } : {}),
    });
    if (!result.ok) return refuse('INVALID_BODY', invalidMessage(integration.source, result.errors), { errors: capped(result.errors) });

    // The request's correlation id and trace (W3C traceparent) travel with its alerts to every delivery.
    const context = contextFrom(headers[HEADERS.correlationId], headers[HEADERS.traceparent]);
    const fresh = await this.publish(integration, result.alerts, context);
    this.normalised.published(integration.source, result.alerts.length, fresh);
    const duplicate = result.alerts.length > 0 && fresh.length === 0;
    if (result.notice) await this.normalised.act(result.notice, integration.source, integration.id);
    return { id, source: integration.source, integrationId: integration.id, duplicate, alerts: countAlerts(integration.source, decoded.body) };
  }

  /**
   * Publishes the alerts in chunks (alertChunks: a message per hundred alerts or so, since
   * per-message costs dominated a storm), pipelined; returns those JetStream did not have
   * already (a retry's chunks are the same messages, with the same ids, and are absorbed).
   */
  private async publish(integration: AlertIntegration, alerts: readonly CanonicalAlert[], context: WorkContext): Promise<CanonicalAlert[]> {
    if (alerts.length === 0) return [];
    try {
      const chunks = alertChunks(alerts);
      const acks = await this.publisher.publishAll(chunks.map((chunk) => ({ kind: 'canonicalAlerts' as const, payload: { alerts: chunk }, options: { context } })));
      return chunks.filter((_, i) => !acks[i]?.duplicate).flat();
    } catch (error) {
      const refusedFor = { source: integration.source, integrationId: integration.id };
      // Only a broker that is away or slow is an outage worth a retry; anything else (an alert
      // over the broker's payload limit) would fail the same way again.
      if (classifyFailure(error) === 'transient') {
        throw new IngestionError('UNAVAILABLE', 'alert not accepted: the message broker is unavailable, retry later', { retryAfterSeconds: 5 }, { cause: error, refusedFor });
      }
      if (tooLargeToPublish(error)) {
        throw new IngestionError('PAYLOAD_TOO_LARGE', 'alert not accepted: it is larger than the message broker takes (max_payload); send a smaller body', {}, { cause: error, refusedFor });
      }
      throw new IngestionError('NOT_PUBLISHABLE', 'alert not accepted: it could not be published (not a broker outage; retrying will not help)', {}, { cause: error, refusedFor });
    }
  }
}

function lowerCaseHeaders(headers: Readonly<Record<string, string | string[] | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

const MAX_FIELD_ERRORS = 100;

function invalidMessage(source: SourceType, errors: readonly FieldError[]): string {
  const named = errors.slice(0, 5).map((e) => `${e.path || '(body)'} ${e.message}`);
  const more = errors.length > named.length ? `; and ${errors.length - named.length} more (see errors)` : '';
  return `invalid ${source} payload: ${named.join('; ')}${more}`;
}

function capped(errors: readonly FieldError[]): FieldError[] {
  return errors.slice(0, MAX_FIELD_ERRORS);
}

function badFields(decoded: { ok: false } & ({ errors: FieldError[] } | { unsupported: string })): { errors?: FieldError[] } {
  return 'errors' in decoded ? { errors: decoded.errors } : {};
}
