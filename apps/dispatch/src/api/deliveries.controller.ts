import { Controller, Get, HttpCode, Param, Post, Query, UseFilters, UseGuards } from '@nestjs/common';
import { AdminTokenGuard } from '@herald/observability';
import type { Replayed } from '../routing/replay-notification.js';
import { ApiErrorFilter } from './api-error.filter.js';
import { DeliveryListQuery } from './deliveries.query.js';
import { DeliveriesService, type DeliverySummary } from './deliveries.service.js';
import { parseQuery } from './parse.js';

/** `/v1/deliveries`: the delivery log. Retrying every failed delivery of a receiver is `POST /v1/receivers/:id/deliveries/retry`. */
@Controller('v1/deliveries')
@UseGuards(AdminTokenGuard)
@UseFilters(ApiErrorFilter)
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  /** Newest first; filters `receiver`, `status`, `incident`, `since`, `until`, `limit`; `next` is the `until` for the next page. */
  @Get()
  list(@Query() query: unknown): Promise<{ items: DeliverySummary[]; next: string | null }> {
    return this.deliveries.list(parseQuery(DeliveryListQuery, query));
  }

  @Get(':jobId')
  get(@Param('jobId') jobId: string): Promise<unknown> {
    return this.deliveries.get(jobId);
  }

  /** Sends the job again as `<job id>.replay-<n>`. */
  @Post(':jobId/replay')
  @HttpCode(202)
  replay(@Param('jobId') jobId: string): Promise<Replayed> {
    return this.deliveries.replay(jobId);
  }
}
