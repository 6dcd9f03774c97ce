import { Body, Controller, HttpCode, Inject, Post, UseFilters, UseGuards } from '@nestjs/common';
import { AdminTokenGuard } from '@herald/observability';
import { RetryPolicy, retrySchedule, type RetrySchedule } from '../delivery/domain/index.js';
import { ApiErrorFilter } from './api-error.filter.js';
import { parseQuery } from './parse.js';

/** How long the broker keeps a job (NATS_STREAM_MAX_AGE_SECONDS, ms; 0 = unlimited): a retry later than that never happens. */
export const STREAM_RETENTION_MS = Symbol('STREAM_RETENTION_MS');

/** `/v1/retry-policies/preview`: the schedule a retry policy produces, before anyone relies on it. */
@Controller('v1/retry-policies')
@UseGuards(AdminTokenGuard)
@UseFilters(ApiErrorFilter)
export class RetryPoliciesController {
  constructor(@Inject(STREAM_RETENTION_MS) private readonly retentionMs: number) {}

  @Post('preview')
  @HttpCode(200)
  preview(@Body() body: unknown): RetrySchedule & { policy: RetryPolicy; retentionMs: number } {
    const policy = parseQuery(RetryPolicy, body ?? {}, 'body');
    return { policy, ...retrySchedule(policy, this.retentionMs), retentionMs: this.retentionMs };
  }
}
