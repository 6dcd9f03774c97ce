import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CanonicalAlert, type Severity } from '@herald/contracts';
import { testContext } from '../testing/test-context.js';
import { finalise } from './finalise.js';
import { type AlertDraft } from './types.js';

const draft = (over: Partial<AlertDraft> = {}): AlertDraft => ({
  action: 'trigger',
  dedupKey: 'db-1/disk',
  severity: 'critical',
  summary: 'Disk full on db-1',
  labels: { alertname: 'DiskFull', instance: 'db-1' },
  annotations: { runbook: 'https://runbooks.example/disk' },
  details: { value: 97.5, nested: { a: [1, 'x'] } },
  links: [{ href: 'https://grafana.example/d/1', text: 'Dashboard' }],
  occurredAt: '2024-05-01T11:59:00.000Z',
  ...over,
});

describe('finalise', () => {
  const valid: ReadonlyArray<{ name: string; draft: AlertDraft }> = [
    { name: 'a full alert', draft: draft() },
    { name: 'only what a draft must have', draft: { action: 'resolve', dedupKey: 'k', severity: 'info', summary: undefined } },
    { name: 'a service and an end', draft: draft({ service: 'payments', endsAt: '2024-05-01T13:00:00.000Z' }) },
    { name: 'non-ASCII and emoji text', draft: draft({ summary: 'Disk füll ☃ 😀', labels: { zone: 'ü' } }) },
  ];
  for (const c of valid) {
    it(`${c.name}: the contract's alert, read where it was built (no copy)`, () => {
      const result = finalise('prometheus', [c.draft], testContext());
      assert.ok(result.ok, JSON.stringify(result));
      const [alert] = result.alerts;
      assert.deepEqual(CanonicalAlert.parse(alert), alert);
      // zod's parse would return copies: the check passes the very objects toCanonical built.
      if (c.draft.labels) assert.equal(alert!.labels, c.draft.labels);
    });
  }

  const invalid: ReadonlyArray<{ name: string; draft: AlertDraft; path: string }> = [
    { name: 'an empty dedup key', draft: draft({ dedupKey: '' }), path: 'canonical[0].dedupKey' },
    { name: 'a severity outside the contract', draft: draft({ severity: 'urgent' as Severity }), path: 'canonical[0].severity' },
    { name: 'a time that is not ISO 8601', draft: draft({ occurredAt: 'yesterday' }), path: 'canonical[0].occurredAt' },
  ];
  for (const c of invalid) {
    it(`${c.name}: refused, the error naming the field`, () => {
      const result = finalise('prometheus', [draft(), c.draft], testContext());
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.ok(
        result.errors.some((e) => e.path === c.path.replace('[0]', '[1]')),
        `expected an error at ${c.path.replace('[0]', '[1]')}: ${JSON.stringify(result.errors)}`,
      );
    });
  }
});
