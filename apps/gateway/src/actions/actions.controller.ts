import { BadRequestException, Catch, Controller, Get, Headers, Inject, Query, UseFilters, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ActionQuery, actionsPath, frameworkErrorAnswer, LOGGER, ManagementActionView, mergeActions, type Logger, type ManagementAction } from '@herald/observability';
import type { Upstream } from '../forwarding/domain/upstream-routes.js';
import { UpstreamClient, UpstreamError, type CallerHeaders } from '../upstream/upstream-client.js';

/** The services that take management actions (analytics only reads), each with its own action log. */
export const ACTING_UPSTREAMS: readonly Upstream[] = ['ingestion', 'incidents', 'dispatch'];

const ActionList = z.object({ items: z.array(ManagementActionView) });

/** A service's refusal (401, 403, 400) passes on as it is; anything else is the framework's answer. */
@Catch()
class ActionsErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (error instanceof UpstreamError) return void reply.status(error.status).send(error.body ?? { message: error.message });
    const answer = frameworkErrorAnswer(error);
    if (answer.status >= 500) this.logger.error({ err: error }, 'action log request failed');
    void reply.status(answer.status).send(answer.body);
  }
}

/**
 * `GET /v1/actions`: who changed what through any management API, newest first: the action
 * logs of every service that acts, asked with the caller's credentials and merged.
 */
@Controller('v1/actions')
@UseFilters(ActionsErrorFilter)
export class ActionsController {
  constructor(private readonly upstream: UpstreamClient) {}

  @Get()
  async list(@Query() query: unknown, @Headers() caller: CallerHeaders): Promise<{ items: ManagementAction[] }> {
    const parsed = ActionQuery.safeParse(query ?? {});
    if (!parsed.success) throw new BadRequestException(parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '));
    const { actor, path, limit } = parsed.data;
    const search = new URLSearchParams({ limit: String(limit), ...(actor ? { actor } : {}), ...(path ? { path } : {}) }).toString();
    const lists = await Promise.all(ACTING_UPSTREAMS.map((service) => this.upstream.call(service, 'GET', `${actionsPath(service)}?${search}`, caller, ActionList)));
    return { items: mergeActions(lists.map((l) => l.items), limit) };
  }
}
