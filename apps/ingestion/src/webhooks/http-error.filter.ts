import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SourceType } from '@herald/contracts';
import { httpStatusOf, LOGGER, type Logger } from '@herald/observability';
import { countAlerts, type FieldError } from '@herald/sources';
import { refusedFor } from '../integrations/integration-authenticator.js';
import { IntegrationDirectory } from '../integrations/integration-directory.js';
import { IngestionTelemetry } from '../stats/ingestion-telemetry.js';
import { HTTP_STATUS, IngestionError, type IngestionErrorCode, rejectReason, type RefusedFor } from './ingestion.errors.js';

/** Fastify's own client errors (body too large, wrong content type, bad JSON), by status. */
const FRAMEWORK_ERRORS: Readonly<Record<number, string>> = {
  400: 'INVALID_BODY',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** The alert endpoints (route patterns), and the source each implies before any integration is known. */
const ALERT_ROUTES: Readonly<Record<string, SourceType | undefined>> = {
  '/v1/webhooks/:integrationId': undefined,
  '/api/v2/alerts': 'prometheus',
  '/v2/enqueue': 'pagerduty',
  '/integrations/generic/20131114/alert/:apiKey/:routingKey': 'splunk-oncall',
  '/v2/alerts': 'opsgenie',
  '/v2/alerts/:identifier/:action': 'opsgenie',
};

interface Answer {
  status: number;
  code: string;
  message: string;
  errors?: readonly FieldError[];
  retryAfterSeconds?: number;
  refusedFor: RefusedFor;
}

/**
 * Maps every error to a JSON answer with a stable code; never leaks internals. The
 * one place errors become HTTP: PagerDuty's endpoint answers in PagerDuty's shapes,
 * and every refusal at an alert endpoint is counted (metrics and health API).
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly telemetry: IngestionTelemetry,
    private readonly directory: IntegrationDirectory,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const answer = this.answerFor(error, request);
    if (answer.status >= 500 && answer.code !== 'UNAVAILABLE') this.logger.error({ err: error }, 'request failed');
    else if (answer.code === 'UNAVAILABLE') this.logger.warn({ err: error }, 'alert refused: broker unavailable');

    const route = request.routeOptions?.url;
    if (route !== undefined && route in ALERT_ROUTES) this.count(request, route, answer, reply);

    if (answer.retryAfterSeconds !== undefined) void reply.header('Retry-After', String(answer.retryAfterSeconds));
    void reply.status(answer.status).send(route === '/v2/enqueue' ? pagerDutyBody(answer) : heraldBody(answer));
  }

  private answerFor(error: unknown, request: FastifyRequest): Answer {
    if (error instanceof IngestionError) {
      return {
        status: HTTP_STATUS[error.code],
        code: error.code,
        message: error.message,
        ...(error.details.errors ? { errors: error.details.errors } : {}),
        ...(error.details.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.details.retryAfterSeconds } : {}),
        refusedFor: error.refusedFor,
      };
    }
    const status = httpStatusOf(error);
    const code = FRAMEWORK_ERRORS[status] ?? (status < 500 ? 'BAD_REQUEST' : 'INTERNAL');
    const message = status === 415 ? unsupportedMessage(request) : status < 500 && error instanceof Error ? error.message : 'internal error';
    const errors = fieldErrorsOf(error);
    return { status, code, message, ...(errors ? { errors } : {}), refusedFor: {} };
  }

  private count(request: FastifyRequest, route: string, answer: Answer, reply: FastifyReply): void {
    let { source, integrationId } = answer.refusedFor;
    if (source === undefined) source = ALERT_ROUTES[route];
    if (source === undefined) {
      // Refused by the framework before our code ran (413, 415, bad JSON): name the integration if it is cached.
      const id = (request.params as { integrationId?: unknown } | undefined)?.integrationId;
      const cached = typeof id === 'string' ? this.directory.peek(id) : undefined;
      if (cached) ({ source, integrationId } = refusedFor(cached));
    }
    const code = answer.code as IngestionErrorCode;
    // A body the framework could not read (bad JSON, too large), or one of an unknown source, is one alert refused.
    const alerts = source === undefined ? 1 : countAlerts(source, request.body);
    this.telemetry.rejected({ source, integrationId, reason: rejectReason(code, answer.status), seconds: reply.elapsedTime / 1_000, alerts });
  }
}

/** The field errors a framework 400 carries (StorableBodyPipe's `errors`), if any. */
function fieldErrorsOf(error: unknown): FieldError[] | undefined {
  if (!(error instanceof HttpException)) return undefined;
  const response = error.getResponse();
  const list = typeof response === 'object' && response !== null ? (response as { errors?: unknown }).errors : undefined;
  if (!Array.isArray(list)) return undefined;
  return list.filter((e): e is FieldError => typeof (e as FieldError)?.path === 'string' && typeof (e as FieldError)?.message === 'string');
}

function unsupportedMessage(request: FastifyRequest): string {
  const contentType = request.headers['content-type']?.split(';', 1)[0]?.trim().slice(0, 100) || '(none)';
  return `content type ${contentType} is not accepted: send application/json (text/plain from AWS SNS, application/x-www-form-urlencoded from UptimeRobot or GitHub)`;
}

function heraldBody(answer: Answer): Record<string, unknown> {
  return { error: answer.code, message: answer.message, ...(answer.errors ? { errors: answer.errors } : {}) };
}

/** PagerDuty's answers: `invalid event` with a list of error strings; `throttle exceeded` on 429. */
function pagerDutyBody(answer: Answer): Record<string, unknown> {
  if (answer.status === 429) {
    return { status: 'throttle exceeded', message: 'Requests for this service are arriving too quickly. Please retry later.' };
  }
  if (answer.status >= 500) return { status: 'unavailable', message: answer.message };
  const errors = answer.errors?.length ? answer.errors.map((e) => (e.path ? `'${e.path}' ${e.message}` : e.message)) : [answer.message];
  const message = answer.code === 'INVALID_BODY' ? 'Event object is invalid' : answer.message;
  return { status: 'invalid event', message, errors };
}

