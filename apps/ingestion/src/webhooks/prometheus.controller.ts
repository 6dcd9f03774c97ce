import { Body, Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { presentedKey } from '../integrations/domain/integration-key.js';
import { IngestionTelemetry } from '../stats/ingestion-telemetry.js';
import { AcceptAlert } from './accept-alert.js';
import { type RequestWithRawBody } from './webhooks.controller.js';

/**
 * Alertmanager's `POST /api/v2/alerts`, so Prometheus can list Herald under
 * `alerting.alertmanagers` (with `authorization: { credentials: <key> }`, or
 * `basic_auth` with the key as password). Answers 200 with no body, as Alertmanager does.
 */
@Controller('api/v2')
export class PrometheusController {
  constructor(
    private readonly acceptAlert: AcceptAlert,
    private readonly telemetry: IngestionTelemetry,
  ) {}

  @Post('alerts')
  @HttpCode(200)
  async alerts(
    @Headers() headers: Record<string, string | string[] | undefined>,
    @Body() body: unknown,
    @Req() request: RequestWithRawBody,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const accepted = await this.acceptAlert.execute({
      integration: { by: 'key', source: 'prometheus' },
      key: presentedKey(headers),
      headers,
      rawBody: request.rawBody,
      body,
    });
    this.telemetry.accepted({ ...accepted, seconds: reply.elapsedTime / 1_000 });
  }
}
