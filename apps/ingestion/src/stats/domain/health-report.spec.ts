import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { healthReport, healthStatus, type HealthStatus, type StatsRow } from './health-report.js';

const row = (integrationId: string, source: string, outcome: string, requests: number, durationSecondsSum: number): StatsRow => ({
  integrationId,
  source,
  outcome,
  requests,
  durationSecondsSum,
});

describe('integrations health report', () => {
  it('is all zeros and nulls before the first request', () => {
    assert.deepEqual(healthReport([]), {
      status: 'healthy',
      global: { totalReceived: 0, totalSuccess: 0, totalErrors: 0, successRate: null, averageLatencyMs: null },
      byType: {},
      total: { received: 0, accepted: 0, rejected: 0, rejectedByReason: {}, successRate: null, averageLatencyMs: null },
      bySource: {},
      byIntegration: {},
    });
  });

  it('sums counters in total, by source and by integration', () => {
    const report = healthReport([
      row('prod-am', 'alertmanager', 'accepted', 8, 0.08),
      row('prod-am', 'alertmanager', 'invalid_body', 1, 0.002),
      row('prod-am', 'alertmanager', 'accepted', 1, 0.01), // a second replica's row for the same key
      row('pd', 'pagerduty', 'rate_limited', 2, 0.002),
      row('', 'unknown', 'not_found', 3, 0.003),
    ]);
    assert.deepEqual(report.total, {
      received: 15,
      accepted: 9,
      rejected: 6,
      rejectedByReason: { invalid_body: 1, not_found: 3, rate_limited: 2 },
      successRate: 0.6,
      averageLatencyMs: 6.467,
    });
    assert.deepEqual(Object.keys(report.bySource), ['alertmanager', 'pagerduty', 'unknown']);
    assert.deepEqual(report.bySource['alertmanager'], {
      received: 10,
      accepted: 9,
      rejected: 1,
      rejectedByReason: { invalid_body: 1 },
      successRate: 0.9,
      averageLatencyMs: 9.2,
    });
    assert.equal(report.bySource['pagerduty']?.successRate, 0);
    assert.deepEqual(Object.keys(report.byIntegration), ['pd', 'prod-am'], 'requests for no known integration are not listed');
    assert.equal(report.byIntegration['prod-am']?.source, 'alertmanager');
    assert.equal(report.byIntegration['prod-am']?.received, 10);
    // Seed 002's shape beside Herald's: percent, upper-case source types.
    assert.equal(report.status, 'unhealthy');
    assert.deepEqual(report.global, { totalReceived: 15, totalSuccess: 9, totalErrors: 6, successRate: 60, averageLatencyMs: 6.467 });
    assert.deepEqual(report.byType, { ALERTMANAGER: { successRate: 90 }, PAGERDUTY: { successRate: 0 }, UNKNOWN: { successRate: 0 } });
  });
});

describe('healthStatus', () => {
  const cases: Array<[number | null, HealthStatus]> = [
    [null, 'healthy'],
    [1, 'healthy'],
    [0.95, 'healthy'],
    [0.9499, 'degraded'],
    [0.8, 'degraded'],
    [0.7999, 'unhealthy'],
    [0, 'unhealthy'],
  ];
  for (const [rate, status] of cases) it(`${rate} → ${status}`, () => assert.equal(healthStatus(rate), status));
});
