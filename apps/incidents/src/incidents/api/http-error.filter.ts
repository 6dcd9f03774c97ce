import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { frameworkErrorAnswer, LOGGER, type Logger } from '@herald/observability';
import { IncidentDomainError, type IncidentErrorCode } from '../domain/index.js';
import { RequestValidationError } from './request-validation.js';

/** The one place incident errors become HTTP statuses. */
export const HTTP_STATUS: Readonly<Record<IncidentErrorCode | RequestValidationError['code'], number>> = {
  INCIDENT_NOT_FOUND: 404,
  TRANSITION_NOT_ALLOWED: 409,
  INVALID_REQUEST: 400,
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
    const answer = frameworkErrorAnswer(error, { 400: 'INVALID_REQUEST' });
    if (answer.status >= 500) this.logger.error({ err: error }, 'request failed');
    void reply.status(answer.status).send(answer.body);
  }
}

