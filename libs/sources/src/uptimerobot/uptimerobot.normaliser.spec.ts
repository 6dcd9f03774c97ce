import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalise } from '../normalise.js';
import { DELETE, withChanges } from '../testing/json-paths.js';
import { errorPaths, expectAlerts, expectOne, testContext } from '../testing/test-context.js';
import { uptimeRobotDown, uptimeRobotSslExpiry, uptimeRobotUp } from './uptimerobot.samples.js';

const ctx = testContext();

describe('uptimerobot normaliser', () => {
  it('triggers a critical alert on down (form values as strings)', () => {
    const alert = expectOne(normalise('uptimerobot', uptimeRobotDown, ctx));
    assert.equal(alert.action, 'trigger');
    assert.equal(alert.severity, 'critical');
    assert.equal(alert.dedupKey, 'uptimerobot:793214567');
    assert.equal(alert.summary, 'Public API is down: Connection Timeout');
    assert.equal(alert.service, 'Public API');
    assert.equal(alert.occurredAt, '2024-05-01T11:52:00.000Z');
  });

  it('resolves on up (JSON numbers)', () => {
    const alert = expectOne(normalise('uptimerobot', uptimeRobotUp, ctx));
    assert.equal(alert.action, 'resolve');
    assert.equal(alert.dedupKey, 'uptimerobot:793214567');
    assert.equal(alert.occurredAt, '2024-05-01T12:05:01.000Z');
  });

  it('keeps certificate expiry apart from the outage', () => {
    const alert = expectOne(normalise('uptimerobot', uptimeRobotSslExpiry, ctx));
    assert.equal(alert.action, 'trigger');
    assert.equal(alert.severity, 'warning');
    assert.equal(alert.dedupKey, 'uptimerobot:793214567:ssl');
    assert.equal(alert.summary, 'Public API: SSL certificate expires on 2024-05-08');
  });

  it('ignores alert types it does not know', () => {
    assert.deepEqual(expectAlerts(normalise('uptimerobot', withChanges(uptimeRobotDown, { alertType: '9' }), ctx)), []);
  });

  it('names every bad field', () => {
    const cases = [
      { body: withChanges(uptimeRobotDown, { monitorID: DELETE, alertType: 'down' }), paths: ['monitorID', 'alertType'] },
      { body: withChanges(uptimeRobotDown, { alertDateTime: 'yesterday' }), paths: ['alertDateTime'] },
      { body: withChanges(uptimeRobotDown, { monitorID: true }), paths: ['monitorID'] },
    ];
    for (const { body, paths } of cases) assert.deepEqual(errorPaths(normalise('uptimerobot', body, ctx)), paths);
  });
});
