import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { upstreamFor } from './upstream-routes.js';

describe('upstreamFor', () => {
  const cases: Array<[method: string, path: string, expected: string | undefined]> = [
    ['GET', '/v1/incidents', 'incidents'],
    ['POST', '/v1/incidents/7b0e/acknowledge', 'incidents'],
    ['POST', '/v1/admin/rebuild-projections', 'incidents'],
    ['GET', '/v1/receivers/ops/deliveries', 'dispatch'],
    ['PUT', '/v1/routes', 'dispatch'],
    ['DELETE', '/v1/silences/s1', 'dispatch'],
    ['GET', '/v1/maintenance-windows', 'dispatch'],
    ['PUT', '/v1/escalation-policies/night', 'dispatch'],
    ['POST', '/v1/deliveries/j1/replay', 'dispatch'],
    ['POST', '/v1/retry-policies/preview', 'dispatch'],
    ['GET', '/v1/analytics/summary', 'analytics'],
    ['PATCH', '/v1/integrations/demo', 'ingestion'],
    ['POST', '/v1/webhooks/demo', 'ingestion'],
    ['GET', '/v1/heartbeats/alertmanager-watchdog', 'ingestion'],
    ['POST', '/v1/heartbeats/alertmanager-watchdog', 'ingestion'],
    ['POST', '/v2/enqueue', 'ingestion'],
    ['POST', '/api/v2/alerts', 'ingestion'],
    ['POST', '/v2/alerts', 'ingestion'],
    ['POST', '/v2/alerts/db-down/close', 'ingestion'],
    ['POST', '/integrations/generic/20131114/alert/key/routing', 'ingestion'],
    ['GET', '/v2/alerts', undefined],
    // The Alertmanager API's reads are the gateway's own.
    ['GET', '/api/v2/alerts', undefined],
    ['GET', '/api/v2/silences', undefined],
    // Each service's action log is forwarded; the merged list is the gateway's own.
    ['GET', '/v1/actions/dispatch', 'dispatch'],
    ['GET', '/v1/actions/ingestion', 'ingestion'],
    ['GET', '/v1/actions', undefined],
    // A prefix is a whole path segment, not a string prefix.
    ['GET', '/v1/incidentsx', undefined],
    ['GET', '/v1/unknown', undefined],
    ['GET', '/', undefined],
  ];
  for (const [method, path, expected] of cases) {
    it(`${method} ${path} → ${expected ?? 'the gateway itself'}`, () => {
      assert.equal(upstreamFor(method, path), expected);
    });
  }
});
