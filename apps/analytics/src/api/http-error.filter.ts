import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { frameworkErrorAnswer, LOGGER, type Logger } from '@herald/observability';
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
    const answer = frameworkErrorAnswer(error);
    if (answer.status >= 500) this.logger.error({ err: error }, 'request failed');
    void reply.status(answer.status).send(answer.body);
  }
}

