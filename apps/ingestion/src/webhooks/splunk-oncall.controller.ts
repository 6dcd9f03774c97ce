import { Body, Controller, Headers, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { IngestionTelemetry } from '../stats/ingestion-telemetry.js';
import { AcceptAlert } from './accept-alert.js';
import { type RequestWithRawBody } from './webhooks.controller.js';

export interface SplunkOnCallAccepted {
  result: 'success';
  entity_id: string;
}

/**
 * Splunk On-Call's (VictorOps') REST endpoint, `…/integrations/generic/20131114/alert/<api_key>/<routing_key>`:
 * the api_key is the integration key, so a tool (Alertmanager's `victorops_configs`, say)
 * pages Herald when its `api_url` points here. The routing key is accepted and not used:
 * Herald routes on the alert itself.
 */
@Controller('integrations/generic/20131114/alert')
export class SplunkOnCallController {
  constructor(
    private readonly acceptAlert: AcceptAlert,
    private readonly telemetry: IngestionTelemetry,
  ) {}

  @Post(':apiKey/:routingKey')
  @HttpCode(200)
  async alert(
    @Param('apiKey') apiKey: string,
    @Headers() headers: Record<string, string | string[] | undefined>,
    @Body() body: unknown,
    @Req() request: RequestWithRawBody,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SplunkOnCallAccepted> {
    const accepted = await this.acceptAlert.execute({
      integration: { by: 'key', source: 'splunk-oncall' },
      key: apiKey,
      headers,
      rawBody: request.rawBody,
      body,
    });
    this.telemetry.accepted({ ...accepted, seconds: reply.elapsedTime / 1_000 });
    const entityId = (body as { entity_id?: unknown } | null)?.entity_id;
    return { result: 'success', entity_id: typeof entityId === 'string' ? entityId : accepted.id };
  }
}
