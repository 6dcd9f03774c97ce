import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { presentedKey } from '../integrations/domain/integration-key.js';
import { AcceptAlert } from './accept-alert.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

@Controller('v1/webhooks')
export class WebhooksController {
  constructor(private readonly acceptAlert: AcceptAlert) {}

  /** Any supported source; the integration (in the path) says which format to expect. */
  @Post(':integrationId')
  @HttpCode(202)
  async receive(
    @Param('integrationId') integrationId: string,
    @Headers() headers: Record<string, string | string[] | undefined>,
    @Body() body: unknown,
  ): Promise<{ status: 'accepted'; id: string; duplicate: boolean }> {
    const idempotency = headers['idempotency-key'];
    const idempotencyKey = typeof idempotency === 'string' && IDEMPOTENCY_KEY.test(idempotency) ? idempotency : undefined;
    const accepted = await this.acceptAlert.execute({
      integrationId,
      key: presentedKey(headers),
      headers,
      body,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    });
    return { status: 'accepted', id: accepted.id, duplicate: accepted.duplicate };
  }
}
