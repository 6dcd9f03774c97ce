import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { frameworkErrorAnswer, LOGGER, type Logger } from '@herald/observability';
import { UpstreamError } from '../upstream/upstream-client.js';
import { AmBadRequest } from './alertmanager-api.js';

/**
 * Alertmanager answers errors with a JSON string (its clients decode exactly that), so every
 * error of this API, including a service's refusal, becomes its status plus one message.
 */
@Catch()
export class AmErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const send = (status: number, message: string): void => void reply.status(status).header('content-type', 'application/json').send(JSON.stringify(message));
    if (error instanceof AmBadRequest) return send(400, error.message);
    if (error instanceof UpstreamError) return send(error.status, error.message);
    const answer = frameworkErrorAnswer(error);
    if (answer.status >= 500) this.logger.error({ err: error }, 'Alertmanager API request failed');
    send(answer.status, answer.body.message);
  }
}
