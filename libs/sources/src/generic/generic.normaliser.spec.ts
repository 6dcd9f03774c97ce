import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalise } from '../normalise.js';
import { DELETE, withChanges } from '../testing/json-paths.js';
import { errorPaths, expectOne, testContext } from '../testing/test-context.js';
import { genericMinimal, genericResolve, genericTrigger } from './generic.samples.js';

const ctx = testContext();

describe('generic normaliser', () => {
  it('maps every documented field', () => {
    const alert = expectOne(normalise('generic', genericTrigger, ctx));
    assert.deepEqual(
      { ...alert, id: undefined },
      {
        id: undefined,
        rawId: ctx.rawId,
        integrationId: ctx.integrationId,
        source: 'generic',
        action: 'trigger',
        dedupKey: 'backup/nightly/orders-db',
        severity: 'error',
        summary: 'Nightly backup of orders-db failed',
        service: 'orders-db',
        labels: { team: 'storage', env: 'prod', attempt: '3', dry_run: 'false', source: 'backup-runner-2' },
        annotations: { runbook: 'Check the backup bucket quota first.' },
        details: { exit_code: 2, stderr: 'AccessDenied: s3:PutObject' },
        links: [{ href: 'https://ci.example.com/jobs/backup/8812', text: 'Job log' }],
        occurredAt: '2024-05-01T00:00:13.000Z',
        receivedAt: ctx.receivedAt,
      },
    );
  });

  it('defaults action to trigger and severity to warning', () => {
    const alert = expectOne(normalise('generic', genericMinimal, ctx));
    assert.deepEqual([alert.action, alert.severity, alert.occurredAt], ['trigger', 'warning', ctx.receivedAt]);
  });

  it('resolves with the same key', () => {
    const alert = expectOne(normalise('generic', genericResolve, ctx));
    assert.equal(alert.action, 'resolve');
    assert.equal(alert.dedupKey, 'backup/nightly/orders-db');
  });

  it('truncates a long summary and hashes a long dedup key instead of rejecting them', () => {
    const body = withChanges(genericMinimal, { summary: 'é'.repeat(5000), dedup_key: 'k'.repeat(400) });
    const alert = expectOne(normalise('generic', body, ctx));
    assert.equal(alert.summary.length, 1024);
    assert.ok(alert.summary.endsWith('…'));
    assert.equal(alert.dedupKey.length, 255);
    const other = expectOne(normalise('generic', withChanges(body, { dedup_key: `${'k'.repeat(399)}j` }), ctx));
    assert.notEqual(other.dedupKey, alert.dedupKey);
  });

  it('never splits a surrogate pair when truncating', () => {
    const body = withChanges(genericMinimal, { summary: `${'a'.repeat(1022)}😀😀` });
    const summary = expectOne(normalise('generic', body, ctx)).summary;
    assert.equal(summary, `${'a'.repeat(1022)}…`);
  });

  it('keeps labels.source when the sender set one', () => {
    const alert = expectOne(normalise('generic', withChanges(genericTrigger, { 'labels.source': 'explicit' }), ctx));
    assert.equal(alert.labels.source, 'explicit');
  });

  it('keeps ends_at', () => {
    const alert = expectOne(normalise('generic', withChanges(genericMinimal, { ends_at: '2024-05-01T13:00:00Z' }), ctx));
    assert.equal(alert.endsAt, '2024-05-01T13:00:00.000Z');
  });

  it('names every bad field', () => {
    const cases = [
      { body: {}, paths: ['dedup_key', 'summary'] },
      { body: withChanges(genericMinimal, { dedup_key: '  ', summary: '' }), paths: ['dedup_key', 'summary'] },
      {
        body: withChanges(genericTrigger, { action: 'page', severity: 'high', occurred_at: 'yesterday', 'labels.nested': {} }),
        paths: ['action', 'severity', 'labels.nested', 'occurred_at'],
      },
      { body: withChanges(genericTrigger, { 'links.0.href': DELETE, details: [1] }), paths: ['details', 'links[0].href'] },
    ];
    for (const { body, paths } of cases) assert.deepEqual(errorPaths(normalise('generic', body, ctx)), paths);
  });
});
