import { Body, Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { validateBody } from '@herald/sources';
import { IngestionTelemetry } from '../stats/ingestion-telemetry.js';
import { AcceptAlert } from './accept-alert.js';
import { IngestionError } from './ingestion.errors.js';
import { type RequestWithRawBody } from './webhooks.controller.js';

export interface PagerDutyAccepted {
  status: 'success';
  message: 'Event processed';
  dedup_key: string;
}

/**
 * PagerDuty Events API v2 (`POST /v2/enqueue`): the `routing_key` is the integration
 * key, so any tool that pages PagerDuty can page Herald by changing one URL. Answers
 * and refuses in PagerDuty's shapes (see the error filter).
 */
@Controller('v2')
export class PagerDutyController {
  constructor(
    private readonly acceptAlert: AcceptAlert,
    private readonly telemetry: IngestionTelemetry,
  ) {}

  @Post('enqueue')
  @HttpCode(202)
  async enqueue(
    @Headers() headers: Record<string, string | string[] | undefined>,
    @Body() body: unknown,
    @Req() request: RequestWithRawBody,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PagerDutyAccepted> {
    const event = body as { routing_key?: unknown; dedup_key?: unknown } | null | undefined;
    const routingKey = typeof event === 'object' && event !== null && typeof event.routing_key === 'string' ? event.routing_key : undefined;
    if (!routingKey) {
      // Like PagerDuty, an event that names no routing key is just invalid: every bad field is listed.
      const validation = validateBody('pagerduty', body);
      const errors = validation.ok ? [{ path: 'routing_key', message: 'is missing' }] : validation.errors;
      throw new IngestionError('INVALID_BODY', 'Event object is invalid', { errors }, { refusedFor: { source: 'pagerduty' } });
    }
    const accepted = await this.acceptAlert.execute({
      integration: { by: 'key', source: 'pagerduty' },
      key: routingKey,
      headers,
      rawBody: request.rawBody,
      body,
    });
    this.telemetry.accepted({ ...accepted, seconds: reply.elapsedTime / 1_000 });
    // A trigger without a dedup_key is keyed by its envelope id (see the pagerduty normaliser).
    const dedupKey = typeof event?.dedup_key === 'string' ? event.dedup_key : accepted.id;
    return { status: 'success', message: 'Event processed', dedup_key: dedupKey };
  }
}
