import { Body, Controller, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { presentedKey } from '../integrations/domain/integration-key.js';
import { IngestionTelemetry } from '../stats/ingestion-telemetry.js';
import { AcceptAlert } from './accept-alert.js';
import { opsgenieActionBody } from './domain/opsgenie-action.js';
import { IngestionError } from './ingestion.errors.js';
import { type RequestWithRawBody } from './webhooks.controller.js';

export interface OpsgenieAccepted {
  result: 'Request will be processed';
  took: number;
  requestId: string;
}

/**
 * The part of Opsgenie's Alert API v2 that monitoring tools call: create an alert, and
 * close or acknowledge it by alias. The key is the integration key, sent as Opsgenie
 * sends its API key (`Authorization: GenieKey <key>`), so a tool that pages Opsgenie
 * pages Herald when its API URL points here. Answers as Opsgenie does (202).
 */
@Controller('v2/alerts')
export class OpsgenieController {
  constructor(
    private readonly acceptAlert: AcceptAlert,
    private readonly telemetry: IngestionTelemetry,
  ) {}

  @Post()
  @HttpCode(202)
  create(
    @Headers() headers: Record<string, string | string[] | undefined>,
    @Body() body: unknown,
    @Req() request: RequestWithRawBody,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OpsgenieAccepted> {
    return this.accept(headers, body, request, reply);
  }

  @Post(':identifier/:action')
  @HttpCode(202)
  act(
    @Param('identifier') identifier: string,
    @Param('action') action: string,
    @Query('identifierType') identifierType: unknown,
    @Headers() headers: Record<string, string | string[] | undefined>,
    @Body() body: unknown,
    @Req() request: RequestWithRawBody,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OpsgenieAccepted> {
    const recorded = opsgenieActionBody(action, identifier, identifierType, body);
    if (!recorded.ok) throw new IngestionError(recorded.code, recorded.message, { errors: recorded.errors }, { refusedFor: { source: 'opsgenie' } });
    return this.accept(headers, recorded.body, request, reply);
  }

  private async accept(
    headers: Record<string, string | string[] | undefined>,
    body: unknown,
    request: RequestWithRawBody,
    reply: FastifyReply,
  ): Promise<OpsgenieAccepted> {
    const accepted = await this.acceptAlert.execute({
      integration: { by: 'key', source: 'opsgenie' },
      key: presentedKey(headers),
      headers,
      rawBody: request.rawBody,
      body,
    });
    this.telemetry.accepted({ ...accepted, seconds: reply.elapsedTime / 1_000 });
    return { result: 'Request will be processed', took: Math.round(reply.elapsedTime) / 1_000, requestId: accepted.id };
  }
}
