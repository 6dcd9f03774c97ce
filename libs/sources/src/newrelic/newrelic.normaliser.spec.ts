import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalise } from '../normalise.js';
import { DELETE, withChanges } from '../testing/json-paths.js';
import { errorPaths, expectOne, testContext } from '../testing/test-context.js';
import { newrelicAcknowledged, newrelicActivated, newrelicClosed } from './newrelic.samples.js';

const ctx = testContext();

describe('newrelic normaliser', () => {
  it('triggers on an activated issue', () => {
    const alert = expectOne(normalise('newrelic', newrelicActivated, ctx));
    assert.equal(alert.action, 'trigger');
    assert.equal(alert.severity, 'critical');
    assert.equal(alert.dedupKey, 'd1b1f3fd-995a-4066-88ab-8ce4f6960654');
    assert.equal(alert.summary, "Memory Used % > 90 for at least 2 minutes on 'checkout-api'");
    assert.equal(alert.service, 'checkout-api');
    assert.equal(alert.occurredAt, '2024-05-01T11:58:01.456Z');
    assert.deepEqual(alert.labels, {
      priority: 'CRITICAL',
      state: 'ACTIVATED',
      workflow: 'Herald',
      policy: 'Checkout golden signals',
      condition: 'Memory high',
    });
    assert.equal(alert.links[0]?.href, newrelicActivated.issueUrl);
  });

  it('maps states to actions', () => {
    const cases = [
      { body: newrelicActivated, action: 'trigger' },
      { body: withChanges(newrelicActivated, { state: 'CREATED' }), action: 'trigger' },
      { body: newrelicAcknowledged, action: 'acknowledge' },
      { body: newrelicClosed, action: 'resolve' },
    ];
    for (const { body, action } of cases) {
      const alert = expectOne(normalise('newrelic', body, ctx));
      assert.equal(alert.action, action, body.state);
      assert.equal(alert.dedupKey, 'd1b1f3fd-995a-4066-88ab-8ce4f6960654');
    }
  });

  it('maps priorities to severities', () => {
    const cases = [
      ['CRITICAL', 'critical'],
      ['HIGH', 'error'],
      ['MEDIUM', 'warning'],
      ['LOW', 'info'],
    ] as const;
    for (const [priority, expected] of cases) {
      assert.equal(expectOne(normalise('newrelic', withChanges(newrelicActivated, { priority }), ctx)).severity, expected);
    }
  });

  it('takes the id from issueId or id, and a title from a list', () => {
    const body = withChanges(newrelicActivated, { id: DELETE, issueId: 'abc-1', title: ['First title', 'Second'] });
    const alert = expectOne(normalise('newrelic', body, ctx));
    assert.equal(alert.dedupKey, 'abc-1');
    assert.equal(alert.summary, 'First title');
  });

  it('names every bad field', () => {
    const cases = [
      { body: withChanges(newrelicActivated, { id: DELETE }), paths: ['issueId'] },
      { body: withChanges(newrelicActivated, { state: 'OPEN', id: DELETE }), paths: ['state', 'issueId'] },
      { body: withChanges(newrelicActivated, { state: DELETE, totalIncidents: 'one' }), paths: ['state', 'totalIncidents'] },
    ];
    for (const { body, paths } of cases) assert.deepEqual(errorPaths(normalise('newrelic', body, ctx)), paths);
  });
});
