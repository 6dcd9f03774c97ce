import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { LOGGER, type Logger } from '@herald/observability';
import { HTTP_STATUS, IngestionError } from './ingestion.errors.js';

/** Fastify's own client errors (body too large, wrong content type, bad JSON), by status. */
const FRAMEWORK_ERRORS: Readonly<Record<number, string>> = {
  400: 'INVALID_BODY',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** Maps every error to a JSON answer with a stable code; never leaks internals. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (error instanceof IngestionError) {
      if (error.details.retryAfterSeconds !== undefined) void reply.header('Retry-After', String(error.details.retryAfterSeconds));
      void reply.status(HTTP_STATUS[error.code]).send({
        error: error.code,
        message: error.message,
        ...(error.details.errors ? { errors: error.details.errors } : {}),
      });
      return;
    }
    const status = statusOf(error);
    if (status >= 500) this.logger.error({ err: error }, 'request failed');
    const code = FRAMEWORK_ERRORS[status] ?? (status === 404 ? 'NOT_FOUND' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL');
    const message = status < 500 && error instanceof Error ? error.message : 'internal error';
    void reply.status(status).send({ error: code, message });
  }
}

function statusOf(error: unknown): number {
  if (error instanceof HttpException) return error.getStatus();
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}
