import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { AdminTokenGuard } from '@herald/observability';
import { parsePeriod, parsePeriodDays, parseReceiverId } from '../deliveries/domain/analytics-period.js';
import type { WebhookAnalytics } from '../deliveries/domain/webhook-analytics.js';
import { AnalyticsQueries, type ReceiverAnalytics, type SummaryAnalytics } from './analytics.queries.js';

/** Delivery analytics from the hourly rollups (admin token). */
@Controller('v1/analytics')
@UseGuards(AdminTokenGuard)
export class AnalyticsController {
  constructor(private readonly queries: AnalyticsQueries) {}

  /** `?period_days=1..90` (default 7). */
  @Get('receivers/:id')
  async receiver(@Param('id') id: string, @Query('period_days') periodDays: unknown): Promise<ReceiverAnalytics> {
    return this.queries.receiver(parseReceiverId(id), parsePeriodDays(periodDays));
  }

  /** The same receiver in seed 001's shape (`success_rate` in percent, flat `…_response_time_ms`), Herald's answer beside it. `?period_days=1..90`. */
  @Get('webhooks/:id')
  async webhook(@Param('id') id: string, @Query('period_days') periodDays: unknown): Promise<WebhookAnalytics & { herald: ReceiverAnalytics }> {
    return this.queries.webhook(parseReceiverId(id), parsePeriodDays(periodDays));
  }

  /** `?period=<n>h|<n>d`, 1h..90d (default 24h). */
  @Get('summary')
  async summary(@Query('period') period: unknown): Promise<SummaryAnalytics> {
    return this.queries.summary(parsePeriod(period));
  }
}
