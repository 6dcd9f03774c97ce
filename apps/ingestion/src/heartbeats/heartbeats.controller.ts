import { Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { IntegrationId } from '../integrations/domain/integration.js';
import { presentedKey } from '../integrations/domain/integration-key.js';
import { IngestionError } from '../webhooks/ingestion.errors.js';
import { RecordPing } from './record-ping.js';

type RequestHeaders = Record<string, string | string[] | undefined>;
interface PingAnswer {
  status: 'ok';
  /** The heartbeat after this ping: always `up`. */
  heartbeat: 'waiting' | 'up' | 'missing';
  /** True when this ping resolved the incident of a missed heartbeat. */
  resolved: boolean;
}

/**
 * `/v1/heartbeats/<id>`: a ping, by whatever method the sender uses (GET or HEAD from a cron
 * job's curl, POST from an Alertmanager webhook, PUT, PATCH, DELETE), with the integration's key
 * the way the alert endpoints take it (Bearer, Basic, X-Webhook-Secret or `?key=`). The body,
 * if any, is ignored. One handler per method so the API description lists each (HEAD comes with GET).
 */
@Controller('v1/heartbeats')
export class HeartbeatsController {
  constructor(private readonly recordPing: RecordPing) {}

  @Get(':integrationId')
  @HttpCode(200)
  get(@Param('integrationId') id: string, @Headers() headers: RequestHeaders, @Query('key') key: unknown): Promise<PingAnswer> {
    return this.ping(id, headers, key);
  }

  @Post(':integrationId')
  @HttpCode(200)
  post(@Param('integrationId') id: string, @Headers() headers: RequestHeaders, @Query('key') key: unknown): Promise<PingAnswer> {
    return this.ping(id, headers, key);
  }

  @Put(':integrationId')
  @HttpCode(200)
  put(@Param('integrationId') id: string, @Headers() headers: RequestHeaders, @Query('key') key: unknown): Promise<PingAnswer> {
    return this.ping(id, headers, key);
  }

  @Patch(':integrationId')
  @HttpCode(200)
  patch(@Param('integrationId') id: string, @Headers() headers: RequestHeaders, @Query('key') key: unknown): Promise<PingAnswer> {
    return this.ping(id, headers, key);
  }

  @Delete(':integrationId')
  @HttpCode(200)
  delete(@Param('integrationId') id: string, @Headers() headers: RequestHeaders, @Query('key') key: unknown): Promise<PingAnswer> {
    return this.ping(id, headers, key);
  }

  private async ping(integrationId: string, headers: RequestHeaders, queryKey: unknown): Promise<PingAnswer> {
    if (!IntegrationId.safeParse(integrationId).success) throw new IngestionError('INTEGRATION_NOT_FOUND', `no integration "${integrationId.slice(0, 64)}"`);
    const recorded = await this.recordPing.execute(integrationId, presentedKey(headers, queryKey));
    return { status: 'ok', heartbeat: recorded.status, resolved: recorded.resolved };
  }
}
