import { Body, Controller, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IntegrationId } from '../integrations/domain/integration.js';
import { presentedKey } from '../integrations/domain/integration-key.js';
import { IngestionTelemetry } from '../stats/ingestion-telemetry.js';
import { AcceptAlert } from './accept-alert.js';
import { IngestionError } from './ingestion.errors.js';

/** Fastify with Nest's `rawBody: true`: the bytes signatures are computed over. */
export type RequestWithRawBody = FastifyRequest & { rawBody?: Buffer };

@Controller('v1/webhooks')
export class WebhooksController {
  constructor(
    private readonly acceptAlert: AcceptAlert,
    private readonly telemetry: IngestionTelemetry,
  ) {}

  /** Any supported source; the integration (in the path) says which format to expect. */
  @Post(':integrationId')
  @HttpCode(202)
  async receive(
    @Param('integrationId') integrationId: string,
    @Headers() headers: Record<string, string | string[] | undefined>,
    @Query('key') queryKey: unknown,
    @Body() body: unknown,
    @Req() request: RequestWithRawBody,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ status: 'accepted'; id: string; duplicate: boolean }> {
    if (!IntegrationId.safeParse(integrationId).success) throw new IngestionError('INTEGRATION_NOT_FOUND', `no integration "${integrationId.slice(0, 64)}"`);
    const accepted = await this.acceptAlert.execute({
      integration: { by: 'id', id: integrationId },
      key: presentedKey(headers, queryKey),
      headers,
      rawBody: request.rawBody,
      body,
    });
    this.telemetry.accepted({ ...accepted, seconds: reply.elapsedTime / 1_000 });
    return { status: 'accepted', id: accepted.id, duplicate: accepted.duplicate };
  }
}
