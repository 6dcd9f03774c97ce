import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { LOGGER, type Logger } from '@herald/observability';
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
    const status = statusOf(error);
    if (status >= 500) this.logger.error({ err: error }, 'management request failed');
    const code = status === 401 ? 'UNAUTHENTICATED' : status === 404 ? 'NOT_FOUND' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL';
    const message = status < 500 && error instanceof Error ? error.message : 'internal error';
    void reply.status(status).send({ error: code, message });
  }
}

function statusOf(error: unknown): number {
  if (error instanceof HttpException) return error.getStatus();
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}
