import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalise, validateBody } from '../normalise.js';
import { DELETE, withChanges } from '../testing/json-paths.js';
import { expectErrors, expectOne, RAW_ID, testContext } from '../testing/test-context.js';
import { pagerdutyAcknowledge, pagerdutyResolve, pagerdutyTrigger } from './pagerduty.samples.js';
import { pagerDutyEvent } from './pagerduty.schema.js';

const ctx = testContext();

describe('pagerduty normaliser', () => {
  it('maps a trigger event', () => {
    const alert = expectOne(normalise('pagerduty', pagerdutyTrigger, ctx));
    assert.deepEqual(
      {
        action: alert.action,
        dedupKey: alert.dedupKey,
        severity: alert.severity,
        summary: alert.summary,
        service: alert.service,
        labels: alert.labels,
        occurredAt: alert.occurredAt,
      },
      {
        action: 'trigger',
        dedupKey: 'srv01/mysql/disk',
        severity: 'critical',
        summary: 'DISK at 99% on machine prod-datapipe03.example.com',
        service: 'mysql',
        labels: { source: 'prod-datapipe03.example.com', component: 'mysql', group: 'prod-datapipe', class: 'disk' },
        occurredAt: '2024-05-01T11:42:58.315Z',
      },
    );
    assert.deepEqual(alert.details.custom_details, { free_space: '1%', ping_time: '1500ms', load_avg: 0.75 });
    assert.deepEqual(alert.links, [
      { href: 'https://example.com/dashboards/disk', text: 'Disk dashboard' },
      { href: 'https://monitoring.example.com', text: 'Sample Monitoring Service' },
    ]);
  });

  it('maps acknowledge and resolve events by dedup_key', () => {
    const cases = [
      { body: pagerdutyAcknowledge, action: 'acknowledge' },
      { body: pagerdutyResolve, action: 'resolve' },
    ];
    for (const { body, action } of cases) {
      const alert = expectOne(normalise('pagerduty', body, ctx));
      assert.equal(alert.action, action);
      assert.equal(alert.dedupKey, 'srv01/mysql/disk');
      assert.equal(alert.occurredAt, ctx.receivedAt);
    }
  });

  it('derives a missing trigger dedup_key from the raw envelope, so redelivery agrees', () => {
    const body = withChanges(pagerdutyTrigger, { dedup_key: DELETE });
    const first = expectOne(normalise('pagerduty', body, ctx));
    const again = expectOne(normalise('pagerduty', body, ctx));
    assert.equal(first.dedupKey, RAW_ID);
    assert.equal(again.dedupKey, first.dedupKey);
  });

  it('uses the four severities as they are, unless the integration remaps them', () => {
    for (const severity of ['critical', 'error', 'warning', 'info'] as const) {
      const body = withChanges(pagerdutyTrigger, { 'payload.severity': severity });
      assert.equal(expectOne(normalise('pagerduty', body, ctx)).severity, severity);
    }
    const remapped = normalise('pagerduty', pagerdutyTrigger, testContext({ severityMap: { critical: 'error' } }));
    assert.equal(expectOne(remapped).severity, 'error');
  });

  it('answers with PagerDuty-style field names', () => {
    const cases = [
      { body: {}, errors: ['routing_key: is missing', 'event_action: is missing'] },
      {
        body: withChanges(pagerdutyTrigger, { 'payload.summary': 'x'.repeat(1025) }),
        errors: ['payload.summary: must be at most 1024 characters'],
      },
      {
        body: withChanges(pagerdutyTrigger, { payload: { custom_details: 'x' } }),
        errors: [
          'payload.summary: is missing (required for trigger events)',
          'payload.source: is missing (required for trigger events)',
          'payload.severity: is missing (required for trigger events)',
        ],
      },
      {
        body: withChanges(pagerdutyTrigger, { payload: DELETE, routing_key: '' }),
        errors: ['routing_key: is blank', 'payload: is missing (required for trigger events)'],
      },
      {
        body: withChanges(pagerdutyTrigger, { 'payload.severity': 'fatal', 'payload.timestamp': 'noon' }),
        errors: ['payload.severity: must be one of critical, error, warning, info', 'payload.timestamp: must be an ISO 8601 date-time'],
      },
      {
        body: withChanges(pagerdutyResolve, { dedup_key: DELETE }),
        errors: ['dedup_key: is missing (required for resolve events)'],
      },
      { body: withChanges(pagerdutyResolve, { dedup_key: 'k'.repeat(256) }), errors: ['dedup_key: must be at most 255 characters'] },
      {
        body: withChanges(pagerdutyAcknowledge, { event_action: 'snooze', routing_key: 'k'.repeat(65) }),
        errors: ['routing_key: must be at most 64 characters', 'event_action: must be one of trigger, acknowledge, resolve'],
      },
      { body: withChanges(pagerdutyTrigger, { 'links.0.href': 3, images: {} }), errors: ['images: must be an array', 'links[0].href: must be a string'] },
    ];
    for (const { body, errors } of cases) {
      const found = expectErrors(normalise('pagerduty', body, ctx)).map((e) => `${e.path}: ${e.message}`);
      assert.deepEqual(found.sort(), [...errors].sort());
      assert.deepEqual(expectErrors(validateBody('pagerduty', body)).length, errors.length);
    }
  });

  it('exports the schema for ingestion', () => {
    assert.equal(pagerDutyEvent.safeParse(pagerdutyTrigger).success, true);
    assert.equal(pagerDutyEvent.safeParse(withChanges(pagerdutyTrigger, { 'payload.source': DELETE })).success, false);
  });

  it('accepts a summary of exactly 1024 characters and non-object custom_details', () => {
    const body = withChanges(pagerdutyTrigger, { 'payload.summary': 's'.repeat(1024), 'payload.custom_details': 'free text' });
    const alert = expectOne(normalise('pagerduty', body, ctx));
    assert.equal(alert.summary.length, 1024);
    assert.equal(alert.details.custom_details, 'free text');
  });
});
