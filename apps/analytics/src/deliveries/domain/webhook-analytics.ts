import type { DeliveryFigures } from './delivery-figures.js';

/**
 * A receiver's figures in seed 001's shape (`GET /api/v1/webhooks/{id}/analytics`): flat
 * fields, `success_rate` in percent (Herald's own answer has it as a fraction), times in ms.
 * Nulls where nothing was measured: a quiet receiver has no rate or latency, not a zero.
 */
export interface WebhookAnalytics {
  readonly webhook_id: string;
  readonly period_days: number;
  readonly total_events: number;
  readonly successful_deliveries: number;
  readonly failed_deliveries: number;
  readonly retry_count: number;
  /** Percent, two decimals. */
  readonly success_rate: number | null;
  readonly avg_response_time_ms: number | null;
  readonly min_response_time_ms: number | null;
  readonly max_response_time_ms: number | null;
  readonly p95_response_time_ms: number | null;
  readonly http_4xx_errors: number;
  readonly http_5xx_errors: number;
  readonly timeout_errors: number;
  readonly network_errors: number;
}

export function webhookAnalytics(receiverId: string, periodDays: number, f: DeliveryFigures): WebhookAnalytics {
  return {
    webhook_id: receiverId,
    period_days: periodDays,
    total_events: f.total_events,
    successful_deliveries: f.successful_deliveries,
    failed_deliveries: f.failed_deliveries,
    retry_count: f.retry_count,
    success_rate: f.success_rate === null ? null : Math.round(f.success_rate * 10_000) / 100,
    avg_response_time_ms: f.response_time_ms.avg,
    min_response_time_ms: f.response_time_ms.min,
    max_response_time_ms: f.response_time_ms.max,
    p95_response_time_ms: f.response_time_ms.p95,
    http_4xx_errors: f.errors['4xx'],
    http_5xx_errors: f.errors['5xx'],
    timeout_errors: f.errors.timeout,
    network_errors: f.errors.network,
  };
}
