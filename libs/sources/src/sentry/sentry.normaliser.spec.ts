import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalise } from '../normalise.js';
import { DELETE, withChanges } from '../testing/json-paths.js';
import { errorPaths, expectAlerts, expectOne, testContext } from '../testing/test-context.js';
import { sentryEventAlert, sentryIssueAssigned, sentryIssueCreated, sentryIssueResolved } from './sentry.samples.js';

const ctx = testContext();

describe('sentry normaliser', () => {
  it('triggers on an issue alert, keyed by issue id', () => {
    const alert = expectOne(normalise('sentry', sentryEventAlert, ctx));
    assert.equal(alert.action, 'trigger');
    assert.equal(alert.dedupKey, '1117540176');
    assert.equal(alert.severity, 'error');
    assert.equal(alert.summary, 'ReferenceError: paymentIntent is not defined');
    assert.equal(alert.service, 'checkout-web');
    assert.equal(alert.occurredAt, '2024-05-01T11:58:37.391Z');
    assert.deepEqual(alert.labels, { level: 'error', project: 'checkout-web', environment: 'production', platform: 'javascript' });
    assert.equal(alert.annotations.triggered_rule, 'Page on new checkout errors');
    assert.equal(alert.links[0]?.href, sentryEventAlert.data.event.web_url);
  });

  it('maps issue actions', () => {
    const cases = [
      { body: sentryIssueCreated, action: 'trigger' },
      { body: withChanges(sentryIssueCreated, { action: 'unresolved' }), action: 'trigger' },
      { body: sentryIssueResolved, action: 'resolve' },
      { body: sentryIssueAssigned, action: 'acknowledge' },
      { body: withChanges(sentryIssueCreated, { action: 'ignored' }), action: 'acknowledge' },
      { body: withChanges(sentryIssueCreated, { action: 'archived' }), action: 'acknowledge' },
    ];
    for (const { body, action } of cases) {
      const alert = expectOne(normalise('sentry', body, ctx));
      assert.equal(alert.action, action, body.action);
      assert.equal(alert.dedupKey, '1170820242');
      assert.equal(alert.service, 'checkout-web');
      assert.equal(alert.links[0]?.href, 'https://sentry.io/organizations/example-org/issues/1170820242/');
    }
  });

  it('accepts and ignores issue actions that change nothing', () => {
    for (const action of ['comment_created', 'constructor']) {
      assert.deepEqual(expectAlerts(normalise('sentry', withChanges(sentryIssueCreated, { action }), ctx)), []);
    }
  });

  it('maps levels to severities', () => {
    const cases = [
      ['fatal', 'critical'],
      ['error', 'error'],
      ['warning', 'warning'],
      ['info', 'info'],
      ['debug', 'info'],
      ['sample', 'error'],
    ] as const;
    for (const [level, expected] of cases) {
      const issue = expectOne(normalise('sentry', withChanges(sentryIssueCreated, { 'data.issue.level': level }), ctx));
      assert.equal(issue.severity, expected, level);
      const event = expectOne(normalise('sentry', withChanges(sentryEventAlert, { 'data.event.level': level }), ctx));
      assert.equal(event.severity, expected, level);
    }
  });

  it('names every bad field', () => {
    const cases = [
      { body: withChanges(sentryEventAlert, { 'data.event.issue_id': DELETE }), paths: ['data.event.issue_id'] },
      { body: withChanges(sentryEventAlert, { action: 'created' }), paths: ['action'] },
      { body: withChanges(sentryIssueCreated, { 'data.issue': DELETE }), paths: ['data.issue'] },
      { body: withChanges(sentryIssueCreated, { 'data.issue.id': true, action: 7 }), paths: ['action', 'data.issue.id'] },
      { body: null, paths: [''] },
    ];
    for (const { body, paths } of cases) assert.deepEqual(errorPaths(normalise('sentry', body, ctx)), paths);
  });
});
