import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { frameworkErrorAnswer, LOGGER, type Logger } from '@herald/observability';
import { DispatchError, HTTP_STATUS } from '../receivers/domain/dispatch.errors.js';

/**
 * The one place dispatch's management API maps errors to HTTP: domain errors by their stable
 * code (400 invalid, 404 not found, 409 file-managed / in use / exists / version conflict),
 * framework errors by status, anything else 500 without internals.
 */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (error instanceof DispatchError) {
      void reply.status(HTTP_STATUS[error.code]).send({
        error: error.code,
        message: error.message,
        ...(error.errors.length > 0 ? { errors: error.errors } : {}),
      });
      return;
    }
    const answer = frameworkErrorAnswer(error);
    if (answer.status >= 500) this.logger.error({ err: error }, 'management request failed');
    void reply.status(answer.status).send(answer.body);
  }
}

