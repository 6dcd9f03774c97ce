import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalise } from '../normalise.js';
import { DELETE, withChanges } from '../testing/json-paths.js';
import { errorPaths, expectOne, testContext } from '../testing/test-context.js';
import { parseTags } from './datadog.normaliser.js';
import { datadogRecovered, datadogTriggered, datadogWarn } from './datadog.samples.js';

const ctx = testContext();

describe('datadog normaliser', () => {
  it('maps a triggered monitor notification', () => {
    const alert = expectOne(normalise('datadog', datadogTriggered, ctx));
    assert.equal(alert.action, 'trigger');
    assert.equal(alert.severity, 'critical');
    assert.equal(alert.dedupKey, '9bd4ac313a4d1e8fae2482df7b77628');
    assert.equal(alert.summary, '[Triggered on {host:web-04}] Service checkout has a high error rate');
    assert.equal(alert.service, 'checkout');
    assert.equal(alert.occurredAt, '2024-05-01T11:50:00.000Z');
    assert.deepEqual(alert.labels, {
      env: 'prod',
      service: 'checkout',
      team: 'payments',
      host: 'web-04',
      priority: 'P2',
      alert_id: '1234567',
    });
    assert.match(alert.annotations.message ?? '', /Error rate is 7.2%/);
    assert.deepEqual(alert.details.tags, ['env:prod', 'service:checkout', 'team:payments', 'monitor']);
    assert.deepEqual(alert.details.org, { id: '123', name: 'Example Inc' });
    assert.equal(alert.links[0]?.href, datadogTriggered.url);
  });

  it('resolves on success or a Recovered transition', () => {
    const cases = [
      { changes: {}, action: 'resolve' },
      { changes: { alert_type: 'error' }, action: 'resolve' },
      { changes: { alert_transition: 'Triggered' }, action: 'resolve' },
      { changes: { alert_type: 'error', alert_transition: 'Re-Triggered' }, action: 'trigger' },
      { changes: { alert_type: 'warning', alert_transition: 'No Data' }, action: 'trigger' },
    ];
    for (const { changes, action } of cases) {
      const alert = expectOne(normalise('datadog', withChanges(datadogRecovered, changes), ctx));
      assert.equal(alert.action, action, JSON.stringify(changes));
      assert.equal(alert.dedupKey, '9bd4ac313a4d1e8fae2482df7b77628');
    }
  });

  it('maps alert_type to severity', () => {
    const cases = [
      ['error', 'critical'],
      ['warning', 'warning'],
      ['info', 'info'],
      ['success', 'info'],
      ['$ALERT_TYPE', 'warning'],
    ] as const;
    for (const [type, expected] of cases) {
      const alert = expectOne(normalise('datadog', withChanges(datadogTriggered, { alert_type: type }), ctx));
      assert.equal(alert.severity, expected, type);
    }
  });

  it('keys on aggregation_key, then aggreg_key, then alert_id', () => {
    const cases = [
      { changes: {}, expected: '9bd4ac313a4d1e8fae2482df7b77628' },
      { changes: { aggregation_key: DELETE, aggreg_key: 'agg-2' }, expected: 'agg-2' },
      { changes: { aggregation_key: '', alert_id: 1234567 }, expected: '1234567' },
    ];
    for (const { changes, expected } of cases) {
      assert.equal(expectOne(normalise('datadog', withChanges(datadogTriggered, changes), ctx)).dedupKey, expected);
    }
    assert.equal(expectOne(normalise('datadog', datadogWarn, ctx)).dedupKey, 'b1946ac92492d2347c6235b4d2611184');
  });

  it("reads the default payload's title: transition, group and monitor name", () => {
    const cases = [
      { title: '[Triggered on {host:web-04}] Checkout errors', action: 'trigger', severity: 'critical', key: 'datadog:Checkout errors on {host:web-04}' },
      { title: '[Re-Triggered on {host:web-04}] Checkout errors', action: 'trigger', severity: 'critical', key: 'datadog:Checkout errors on {host:web-04}' },
      { title: '[P1] [Warn] Checkout errors', action: 'trigger', severity: 'warning', key: 'datadog:Checkout errors' },
      { title: '[No Data on {host:web-04,env:prod}] Checkout errors', action: 'trigger', severity: 'warning', key: 'datadog:Checkout errors on {host:web-04,env:prod}' },
      { title: '[Recovered on {host:web-04}] Checkout errors', action: 'resolve', severity: 'info', key: 'datadog:Checkout errors on {host:web-04}' },
      { title: 'Deploy finished', action: 'trigger', severity: 'warning', key: 'datadog:Deploy finished' },
    ];
    for (const { title, action, severity, key } of cases) {
      const body = { title, body: 'text', event_type: 'query_alert_monitor', date: '1714564200000', id: '1', org: { id: '1', name: 'x' }, last_updated: '1714564200000' };
      const alert = expectOne(normalise('datadog', body, ctx));
      assert.deepEqual([alert.action, alert.severity, alert.dedupKey], [action, severity, key], title);
    }
  });

  it('parses $TAGS strings and arrays', () => {
    assert.deepEqual(parseTags(' env:prod , role:db:primary,bare ,'), {
      list: ['env:prod', 'role:db:primary', 'bare'],
      labels: { env: 'prod', role: 'db:primary' },
    });
    assert.deepEqual(parseTags(['service:web']).labels, { service: 'web' });
    assert.deepEqual(parseTags(undefined), { list: [], labels: {} });
  });

  it('names every bad field', () => {
    const cases = [
      { body: withChanges(datadogTriggered, { aggregation_key: DELETE, alert_id: DELETE, title: DELETE }), paths: ['title'] },
      { body: withChanges(datadogTriggered, { aggregation_key: ' ', alert_id: '', title: ' ' }), paths: ['title'] },
      { body: withChanges(datadogTriggered, { tags: 5, title: {} }), paths: ['title', 'tags'] },
      { body: withChanges(datadogTriggered, { tags: 5, aggregation_key: DELETE, alert_id: DELETE, title: DELETE }), paths: ['tags', 'title'] },
    ];
    for (const { body, paths } of cases) assert.deepEqual(errorPaths(normalise('datadog', body, ctx)), paths);
  });
});
