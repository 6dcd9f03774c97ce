import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyTotals, figuresOf } from './delivery-figures.js';
import { webhookAnalytics } from './webhook-analytics.js';

describe('webhookAnalytics (seed 001 shape)', () => {
  const cases: Array<[string, Partial<ReturnType<typeof emptyTotals>>, Record<string, unknown>]> = [
    [
      "seed 001's example: 147 of 150 delivered is 98 %",
      { events: 150, delivered: 147, failed: 2, dead: 1, latencyCount: 2, latencySumMs: 251, latencyMinMs: 42, latencyMaxMs: 209 },
      { total_events: 150, successful_deliveries: 147, failed_deliveries: 3, success_rate: 98, avg_response_time_ms: 125.5, min_response_time_ms: 42, max_response_time_ms: 209 },
    ],
    ['two of three is 66.67 %', { events: 3, delivered: 2, failed: 1 }, { success_rate: 66.67, avg_response_time_ms: null }],
    ['nothing ended: no rate, no latency', { events: 1, muted: 1 }, { success_rate: null, min_response_time_ms: null, p95_response_time_ms: null }],
    ['errors by class', { status4xx: 1, status5xx: 2, statusTimeout: 3, statusNetwork: 4 }, { http_4xx_errors: 1, http_5xx_errors: 2, timeout_errors: 3, network_errors: 4 }],
  ];
  for (const [name, totals, expected] of cases) {
    it(name, () => {
      const answer = webhookAnalytics('ops', 7, figuresOf({ ...emptyTotals(), ...totals }));
      assert.deepEqual([answer.webhook_id, answer.period_days], ['ops', 7]);
      for (const [field, value] of Object.entries(expected)) assert.equal(answer[field as keyof typeof answer], value, field);
    });
  }
});
