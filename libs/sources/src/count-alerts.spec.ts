import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SOURCE_TYPES, type SourceType } from '@herald/contracts';
import { countAlerts, normalise } from './index.js';
import { alertmanagerFiring } from './alertmanager/alertmanager.samples.js';
import { SAMPLES } from './testing/samples.js';
import { testContext } from './testing/test-context.js';

describe('countAlerts', () => {
  const firing = alertmanagerFiring;
  const cases: Array<{ source: SourceType; name: string; body: unknown; alerts: number }> = [
    { source: 'alertmanager', name: 'a webhook with its alerts[]', body: { ...firing, alerts: [{}, {}, {}] }, alerts: 3 },
    { source: 'alertmanager', name: 'an invalid batch still counts its entries', body: { alerts: [{ status: 42 }, 'x'] }, alerts: 2 },
    { source: 'alertmanager', name: 'an empty batch', body: { alerts: [] }, alerts: 0 },
    { source: 'alertmanager', name: 'no alerts[]: one payload', body: { status: 'firing' }, alerts: 1 },
    { source: 'grafana', name: 'a webhook with its alerts[]', body: { alerts: [{}, {}] }, alerts: 2 },
    { source: 'prometheus', name: "Prometheus's own array", body: [{ labels: {} }, { labels: {} }, {}, {}], alerts: 4 },
    { source: 'prometheus', name: 'an empty array', body: [], alerts: 0 },
    { source: 'prometheus', name: "Alertmanager's webhook sent to a Prometheus integration", body: { alerts: [{}, {}] }, alerts: 2 },
    { source: 'prometheus', name: 'neither', body: 'text', alerts: 1 },
    { source: 'pagerduty', name: 'one event', body: { event_action: 'trigger' }, alerts: 1 },
    { source: 'pagerduty', name: 'an invalid event', body: [1, 2, 3], alerts: 1 },
    { source: 'generic', name: 'one body, even with an alerts field', body: { alerts: [{}, {}] }, alerts: 1 },
    { source: 'cloudwatch', name: 'an SNS text body', body: '{"Type":"Notification"}', alerts: 1 },
    { source: 'github', name: 'no body', body: undefined, alerts: 1 },
    { source: 'nagios' as SourceType, name: 'an unknown source', body: { alerts: [{}, {}] }, alerts: 1 },
  ];
  for (const c of cases) {
    it(`${c.source}: ${c.name} → ${c.alerts}`, () => assert.equal(countAlerts(c.source, c.body), c.alerts));
  }

  it('agrees with normalisation on every realistic sample (a quiet event, no alert once normalised, is one at the door)', () => {
    for (const source of SOURCE_TYPES) {
      for (const sample of SAMPLES[source]) {
        const result = normalise(source, sample, testContext());
        assert.ok(result.ok, source);
        const expected = result.alerts.length === 0 ? 1 : result.alerts.length;
        assert.equal(countAlerts(source, sample), expected, `${source}: ${JSON.stringify(sample).slice(0, 80)}`);
      }
    }
  });

  it('never throws, whatever the body', () => {
    for (const source of SOURCE_TYPES) {
      for (const body of [undefined, null, 0, '', [], {}, { alerts: null }, Object.create(null) as unknown]) {
        assert.ok(Number.isInteger(countAlerts(source, body)), source);
      }
    }
  });
});
