import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { LOGGER, type Logger } from '@herald/observability';
import { IncidentDomainError, type IncidentErrorCode } from '../domain/index.js';
import { RequestValidationError } from './request-validation.js';

/** The one place incident errors become HTTP statuses. */
export const HTTP_STATUS: Readonly<Record<IncidentErrorCode | RequestValidationError['code'], number>> = {
  INCIDENT_NOT_FOUND: 404,
  TRANSITION_NOT_ALLOWED: 409,
  INVALID_REQUEST: 400,
};

/** Framework answers (guard, unknown route, Fastify body errors), by status. */
const FRAMEWORK_CODES: Readonly<Record<number, string>> = {
  400: 'INVALID_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** Maps every error to JSON `{ error, message, errors? }` with a stable code; never leaks internals. */
@Catch()
export class IncidentsHttpErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (error instanceof RequestValidationError) {
      void reply.status(HTTP_STATUS[error.code]).send({ error: error.code, message: error.message, errors: error.errors });
      return;
    }
    if (error instanceof IncidentDomainError) {
      void reply.status(HTTP_STATUS[error.code]).send({ error: error.code, message: error.message });
      return;
    }
    const status = statusOf(error);
    if (status >= 500) this.logger.error({ err: error }, 'request failed');
    const code = FRAMEWORK_CODES[status] ?? (status < 500 ? 'BAD_REQUEST' : 'INTERNAL');
    const message = status < 500 && error instanceof Error ? error.message : 'internal error';
    void reply.status(status).send({ error: code, message });
  }
}

function statusOf(error: unknown): number {
  if (error instanceof HttpException) return error.getStatus();
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}
