import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { LOGGER, type Logger } from '@herald/observability';
import { AnalyticsError, type AnalyticsErrorCode } from '../deliveries/domain/analytics.errors.js';

const HTTP_STATUS: Readonly<Record<AnalyticsErrorCode, number>> = { INVALID_QUERY: 400 };

/** Maps every error to a JSON answer with a stable code; never leaks internals. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (error instanceof AnalyticsError) {
      void reply.status(HTTP_STATUS[error.code]).send({ error: error.code, field: error.field, message: error.message });
      return;
    }
    const status = statusOf(error);
    if (status >= 500) this.logger.error({ err: error }, 'request failed');
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
