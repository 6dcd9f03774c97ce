import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalise, validateBody } from '../normalise.js';
import { DELETE, withChanges } from '../testing/json-paths.js';
import { errorPaths, expectAlerts, expectOne, testContext } from '../testing/test-context.js';
import {
  githubCheckRunTimedOut,
  githubPing,
  githubWorkflowFailed,
  githubWorkflowRequested,
  githubWorkflowSucceeded,
} from './github.samples.js';

const ctx = testContext({ headers: { 'x-github-event': 'workflow_run' } });

describe('github normaliser', () => {
  it('triggers an error on a failed workflow run', () => {
    const alert = expectOne(normalise('github', githubWorkflowFailed, ctx), ctx);
    assert.equal(alert.action, 'trigger');
    assert.equal(alert.severity, 'error');
    assert.equal(alert.dedupKey, 'example-org/payments:CI@main');
    assert.equal(alert.summary, 'Workflow "CI" failed on example-org/payments@main');
    assert.equal(alert.service, 'example-org/payments');
    assert.equal(alert.occurredAt, '2024-05-01T11:52:47.000Z');
    assert.deepEqual(alert.labels, { repository: 'example-org/payments', workflow: 'CI', branch: 'main', conclusion: 'failure' });
    assert.equal(alert.links[0]?.href, 'https://github.com/example-org/payments/actions/runs/9012345678');
  });

  it('resolves the same key when the workflow succeeds again', () => {
    const alert = expectOne(normalise('github', githubWorkflowSucceeded, ctx), ctx);
    assert.equal(alert.action, 'resolve');
    assert.equal(alert.dedupKey, 'example-org/payments:CI@main');
  });

  it('keys by repository, workflow and branch: a success elsewhere resolves nothing here', () => {
    const onFeature = withChanges(githubWorkflowSucceeded, { 'workflow_run.head_branch': 'feature/x' });
    assert.equal(expectOne(normalise('github', onFeature, ctx), ctx).dedupKey, 'example-org/payments:CI@feature/x');
    const noBranch = withChanges(githubWorkflowFailed, { 'workflow_run.head_branch': null });
    assert.equal(expectOne(normalise('github', noBranch, ctx), ctx).dedupKey, 'example-org/payments:CI');
  });

  it('maps conclusions', () => {
    const cases = [
      { conclusion: 'failure', action: 'trigger', severity: 'error' },
      { conclusion: 'timed_out', action: 'trigger', severity: 'error' },
      { conclusion: 'cancelled', action: 'trigger', severity: 'error' },
      { conclusion: 'startup_failure', action: 'trigger', severity: 'error' },
      { conclusion: 'success', action: 'resolve', severity: 'info' },
    ];
    for (const { conclusion, action, severity } of cases) {
      const body = withChanges(githubWorkflowFailed, { 'workflow_run.conclusion': conclusion });
      const alert = expectOne(normalise('github', body, ctx), ctx);
      assert.deepEqual([alert.action, alert.severity], [action, severity], conclusion);
    }
    const remapped = testContext({ severityMap: { cancelled: 'warning' } });
    const body = withChanges(githubWorkflowFailed, { 'workflow_run.conclusion': 'cancelled' });
    assert.equal(expectOne(normalise('github', body, remapped), remapped).severity, 'warning');
  });

  it('maps a completed check run, keyed by check name', () => {
    const checkCtx = testContext({ headers: { 'x-github-event': 'check_run' } });
    const alert = expectOne(normalise('github', githubCheckRunTimedOut, checkCtx), checkCtx);
    assert.equal(alert.action, 'trigger');
    assert.equal(alert.dedupKey, 'example-org/payments:integration-tests@release/2.14');
    assert.equal(alert.summary, 'Check "integration-tests" timed out on example-org/payments@release/2.14');
    assert.equal(alert.labels.check, 'integration-tests');
    assert.equal(alert.occurredAt, '2024-05-01T11:59:59.000Z');
  });

  it('accepts and ignores everything else', () => {
    const cases: { body: unknown; headers: Record<string, string> }[] = [
      { body: githubWorkflowRequested, headers: {} },
      { body: githubPing, headers: { 'x-github-event': 'ping' } },
      { body: withChanges(githubWorkflowFailed, { 'workflow_run.conclusion': 'skipped' }), headers: {} },
      { body: withChanges(githubWorkflowFailed, { 'workflow_run.conclusion': 'neutral' }), headers: {} },
      { body: withChanges(githubWorkflowFailed, { 'workflow_run.conclusion': null }), headers: {} },
      { body: githubWorkflowFailed, headers: { 'x-github-event': 'deployment_status' } },
      { body: { action: 'opened', pull_request: {} }, headers: { 'x-github-event': 'pull_request' } },
    ];
    for (const { body, headers } of cases) {
      const c = testContext({ headers });
      assert.deepEqual(expectAlerts(normalise('github', body, c), c), []);
      assert.deepEqual(validateBody('github', body), { ok: true });
    }
  });

  it('names every bad field of a completed run', () => {
    const cases = [
      {
        body: withChanges(githubWorkflowFailed, { 'workflow_run.name': DELETE, 'workflow.name': '' }),
        paths: ['workflow_run.name'],
      },
      {
        body: withChanges(githubWorkflowFailed, { repository: DELETE, 'workflow_run.name': DELETE, workflow: DELETE }),
        paths: ['repository', 'workflow_run.name'],
      },
      { body: withChanges(githubCheckRunTimedOut, { 'check_run.name': 5 }), paths: ['check_run.name'] },
      { body: 'completed', paths: [''] },
    ];
    for (const { body, paths } of cases) assert.deepEqual(errorPaths(normalise('github', body, ctx)), paths);
  });
});
