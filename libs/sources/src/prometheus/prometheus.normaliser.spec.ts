import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelSetFingerprint } from '../core/fingerprint.js';
import { normalise } from '../normalise.js';
import { DELETE, withChanges } from '../testing/json-paths.js';
import { errorPaths, expectAlerts, expectOne, testContext } from '../testing/test-context.js';
import { toStringMap } from '../core/maps.js';
import { prometheusFiring, prometheusResolved } from './prometheus.samples.js';

function alertmanagerWebhookOf(alerts: readonly object[]): object {
  return { version: '4', groupKey: '{}:{alertname="x"}', status: 'firing', receiver: 'herald', externalURL: 'http://alertmanager:9093', alerts };
}

const ctx = testContext(); // received at 2024-05-01T12:00:00Z

describe('prometheus normaliser', () => {
  it('triggers alerts whose endsAt is still ahead, keyed by their label set', () => {
    const [errors, down] = expectAlerts(normalise('prometheus', prometheusFiring, ctx));
    assert.ok(errors && down);
    assert.equal(errors.action, 'trigger');
    assert.equal(errors.severity, 'critical');
    assert.equal(errors.summary, 'checkout 5xx ratio above 5% for 10 minutes');
    assert.equal(errors.service, 'checkout');
    assert.equal(errors.dedupKey, labelSetFingerprint(prometheusFiring[0]!.labels));
    assert.equal(errors.occurredAt, '2024-05-01T11:40:00.000Z');
    assert.equal(errors.endsAt, '2024-05-01T12:04:00.000Z');
    assert.equal(errors.links[0]?.href, prometheusFiring[0]!.generatorURL);
    assert.equal(down.severity, 'info');
    assert.equal(down.service, 'node');
    assert.equal(down.summary, 'cache-3 has been unreachable for 5 minutes.');
  });

  it('resolves an alert whose endsAt has passed, at endsAt, with the same key', () => {
    const alert = expectOne(normalise('prometheus', prometheusResolved, ctx));
    assert.equal(alert.action, 'resolve');
    assert.equal(alert.occurredAt, '2024-05-01T11:59:30.000Z');
    assert.equal(alert.dedupKey, labelSetFingerprint(prometheusFiring[0]!.labels));
  });

  it('decides trigger or resolve from endsAt relative to receivedAt', () => {
    const cases = [
      { endsAt: '2024-05-01T11:59:59.999Z', action: 'resolve' },
      { endsAt: '2024-05-01T12:00:00.000Z', action: 'resolve' },
      { endsAt: '2024-05-01T12:00:00.001Z', action: 'trigger' },
      { endsAt: '2024-05-01T14:00:00+02:00', action: 'resolve' },
      { endsAt: DELETE, action: 'trigger' },
      { endsAt: '0001-01-01T00:00:00Z', action: 'trigger' },
      { endsAt: 'soon', action: 'trigger' },
    ];
    for (const { endsAt, action } of cases) {
      const body = withChanges(prometheusResolved, { '0.endsAt': endsAt });
      assert.equal(expectOne(normalise('prometheus', body, ctx)).action, action, String(endsAt));
    }
  });

  it('maps labels.severity like alertmanager', () => {
    const cases = [
      ['critical', 'critical'],
      ['page', 'critical'],
      ['error', 'error'],
      ['warning', 'warning'],
      ['debug', 'info'],
    ] as const;
    for (const [label, expected] of cases) {
      const body = withChanges(prometheusResolved, { '0.labels.severity': label });
      assert.equal(expectOne(normalise('prometheus', body, ctx)).severity, expected);
    }
  });

  it('names every bad field', () => {
    const cases = [
      { body: { labels: {} }, paths: ['alerts'] },
      { body: 'firing', paths: [''] },
      { body: [{}], paths: ['[0].labels'] },
      { body: [prometheusResolved[0], { labels: 'x', endsAt: 5 }], paths: ['[1].labels', '[1].endsAt'] },
    ];
    for (const { body, paths } of cases) assert.deepEqual(errorPaths(normalise('prometheus', body, ctx)), paths);
  });

  it("accepts Alertmanager's webhook and keys it like the same alert posted directly", () => {
    const labels = toStringMap(prometheusFiring[0]!.labels);
    const webhook = alertmanagerWebhookOf([{ ...prometheusFiring[0]!, status: 'firing', fingerprint: 'ffffffffffffffff' }]);
    const viaAlertmanager = expectOne(normalise('prometheus', webhook, ctx));
    const [direct] = expectAlerts(normalise('prometheus', prometheusFiring, ctx));
    assert.equal(viaAlertmanager.action, 'trigger');
    assert.equal(viaAlertmanager.dedupKey, labelSetFingerprint(labels));
    assert.equal(viaAlertmanager.dedupKey, direct?.dedupKey);
    const resolved = expectOne(normalise('prometheus', alertmanagerWebhookOf([{ ...prometheusFiring[0]!, status: 'resolved' }]), ctx));
    assert.deepEqual([resolved.action, resolved.dedupKey], ['resolve', direct?.dedupKey]);
  });

  it('accepts an empty batch', () => {
    assert.deepEqual(expectAlerts(normalise('prometheus', [], ctx)), []);
  });
});
