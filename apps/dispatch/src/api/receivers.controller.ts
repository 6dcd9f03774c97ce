import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, UseFilters, UseGuards } from '@nestjs/common';
import { AdminTokenGuard } from '@herald/observability';
import { Subscription } from '../routing/domain/index.js';
import { ReceiverListQuery, type ReceiverPage } from '../receivers/domain/receiver-list.js';
import { ReceiverTestBody, testEventType } from '../receivers/domain/test-event.js';
import { ReceiverTester, type TestOutcome } from '../receivers/receiver-test.js';
import { ReceiversService, type ReceiverView } from '../receivers/receivers.service.js';
import { ApiErrorFilter } from './api-error.filter.js';
import { DeliveriesService } from './deliveries.service.js';
import { RetryFailedQuery } from './deliveries.query.js';
import { parseQuery } from './parse.js';

/** `/v1/receivers`: secrets in settings are write-only (shown as `********`; send that back to keep one). */
@Controller('v1/receivers')
@UseGuards(AdminTokenGuard)
@UseFilters(ApiErrorFilter)
export class ReceiversController {
  constructor(
    private readonly receivers: ReceiversService,
    private readonly tester: ReceiverTester,
    private readonly deliveries: DeliveriesService,
  ) {}

  /** `?status=active|paused|disabled&channel=&limit=&offset=` */
  @Get()
  list(@Query() query: unknown): Promise<ReceiverPage<ReceiverView>> {
    return this.receivers.list(parseQuery(ReceiverListQuery, query));
  }

  @Post()
  @HttpCode(201)
  create(@Body() body: unknown): Promise<ReceiverView> {
    return this.receivers.create(body);
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<ReceiverView> {
    return this.receivers.get(id);
  }

  @Put(':id')
  replace(@Param('id') id: string, @Body() body: unknown): Promise<ReceiverView> {
    return this.receivers.replace(id, body);
  }

  @Patch(':id')
  patch(@Param('id') id: string, @Body() body: unknown): Promise<ReceiverView> {
    return this.receivers.patch(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.receivers.remove(id);
  }

  @Post(':id/pause')
  @HttpCode(200)
  pause(@Param('id') id: string): Promise<ReceiverView> {
    return this.receivers.setEnabled(id, false);
  }

  @Post(':id/resume')
  @HttpCode(200)
  resume(@Param('id') id: string): Promise<ReceiverView> {
    return this.receivers.setEnabled(id, true);
  }

  @Post(':id/reset')
  @HttpCode(200)
  reset(@Param('id') id: string): Promise<ReceiverView> {
    return this.receivers.reset(id);
  }

  @Post(':id/test')
  @HttpCode(200)
  test(@Param('id') id: string, @Body() body: unknown): Promise<TestOutcome> {
    const { eventType } = parseQuery(ReceiverTestBody, body ?? {}, 'body');
    return this.tester.test(id, testEventType(eventType));
  }

  @Get(':id/subscriptions')
  subscriptions(@Param('id') id: string): Promise<unknown> {
    return this.receivers.subscriptions(id);
  }

  @Post(':id/subscriptions/:eventType')
  @HttpCode(200)
  subscribe(@Param('id') id: string, @Param('eventType') eventType: string): Promise<ReceiverView> {
    return this.receivers.subscribe(id, parseQuery(Subscription, eventType, 'eventType'));
  }

  @Delete(':id/subscriptions/:eventType')
  @HttpCode(200)
  unsubscribe(@Param('id') id: string, @Param('eventType') eventType: string): Promise<ReceiverView> {
    return this.receivers.unsubscribe(id, parseQuery(Subscription, eventType, 'eventType'));
  }

  @Post(':id/deliveries/retry')
  @HttpCode(202)
  async retryFailed(@Param('id') id: string, @Query() query: unknown): Promise<unknown> {
    const q = parseQuery(RetryFailedQuery, query);
    await this.receivers.get(id);
    return this.deliveries.retryFailed(id, q);
  }
}
