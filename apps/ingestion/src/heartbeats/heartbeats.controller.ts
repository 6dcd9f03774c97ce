import { All, Controller, Headers, HttpCode, Param, Query } from '@nestjs/common';
import { IntegrationId } from '../integrations/domain/integration.js';
import { presentedKey } from '../integrations/domain/integration-key.js';
import { IngestionError } from '../webhooks/ingestion.errors.js';
import { RecordPing, type RecordedPing } from './record-ping.js';

/**
 * `/v1/heartbeats/<id>`: a ping, by any method (GET from a cron job's curl, POST from an
 * Alertmanager webhook), with the integration's key the way alert endpoints take it (Bearer,
 * Basic, X-Webhook-Secret or `?key=`). The body, if any, is ignored.
 */
@Controller('v1/heartbeats')
export class HeartbeatsController {
  constructor(private readonly recordPing: RecordPing) {}

  @All(':integrationId')
  @HttpCode(200)
  async ping(
    @Param('integrationId') integrationId: string,
    @Headers() headers: Record<string, string | string[] | undefined>,
    @Query('key') queryKey: unknown,
  ): Promise<{ status: 'ok'; heartbeat: RecordedPing['status']; resolved: boolean }> {
    if (!IntegrationId.safeParse(integrationId).success) throw new IngestionError('INTEGRATION_NOT_FOUND', `no integration "${integrationId.slice(0, 64)}"`);
    const recorded = await this.recordPing.execute(integrationId, presentedKey(headers, queryKey));
    return { status: 'ok', heartbeat: recorded.status, resolved: recorded.resolved };
  }
}
