import assert from 'node:assert/strict';
import { CanonicalAlert } from '@herald/contracts';
import { deterministicUuid } from '../core/hashing.js';
import { type FieldError, type NormaliseContext, type NormaliseResult } from '../core/types.js';

export const RAW_ID = '0b7c4a2e-6f3d-4c1a-9e8b-2d5f7a9c1e34';
export const RECEIVED_AT = '2024-05-01T12:00:00.000Z';

/**
 * A context like the one ingestion builds, with deterministic ids. Its dedup scope
 * is `global` so a source's tests see the source's own key; scoping has its own tests.
 */
export function testContext(overrides: Partial<NormaliseContext> = {}): NormaliseContext {
  return {
    rawId: RAW_ID,
    integrationId: 'integration-test',
    receivedAt: RECEIVED_AT,
    headers: {},
    makeId: (index) => deterministicUuid(`${RAW_ID}:${index}`),
    dedupScope: 'global',
    ...overrides,
  };
}

/** Asserts success and that every alert is a valid CanonicalAlert carrying the envelope facts. */
export function expectAlerts(result: NormaliseResult, ctx: NormaliseContext = testContext()): CanonicalAlert[] {
  assert.ok(result.ok, `expected ok, got ${JSON.stringify(result)}`);
  result.alerts.forEach((alert, index) => {
    assert.deepEqual(CanonicalAlert.parse(alert), alert);
    assert.equal(alert.id, ctx.makeId(index));
    assert.equal(alert.rawId, ctx.rawId);
    assert.equal(alert.integrationId, ctx.integrationId);
    assert.equal(alert.receivedAt, ctx.receivedAt);
  });
  return result.alerts;
}

export function expectOne(result: NormaliseResult, ctx?: NormaliseContext): CanonicalAlert {
  const alerts = expectAlerts(result, ctx);
  assert.equal(alerts.length, 1, `expected one alert, got ${alerts.length}`);
  return alerts[0]!;
}

export function expectErrors(result: NormaliseResult | { ok: boolean; errors?: FieldError[] }): FieldError[] {
  assert.equal(result.ok, false, `expected errors, got ${JSON.stringify(result)}`);
  assert.ok('errors' in result && result.errors !== undefined);
  assert.ok(result.errors.length > 0);
  return result.errors;
}

export function errorPaths(result: NormaliseResult | { ok: boolean; errors?: FieldError[] }): string[] {
  return expectErrors(result).map((e) => e.path);
}
