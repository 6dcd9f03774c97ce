import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeliveryListQuery, HistoryQuery, RetryFailedQuery, SilenceListQuery, TreeWriteQuery } from './deliveries.query.js';

describe('management API query strings', () => {
  const valid: Array<[string, { safeParse: (v: unknown) => { success: boolean; data?: unknown } }, Record<string, string>, unknown]> = [
    ['deliveries defaults', DeliveryListQuery, {}, { limit: 50 }],
    [
      'deliveries with every filter',
      DeliveryListQuery,
      { receiver: 'ops', status: 'dead', incident: '0b6f3c2e-8a43-4c1e-9d0a-5a1b2c3d4e5f', since: '2026-03-01T00:00:00Z', until: '2026-03-02T00:00:00Z', limit: '10' },
      { receiver: 'ops', status: 'dead', incident: '0b6f3c2e-8a43-4c1e-9d0a-5a1b2c3d4e5f', since: '2026-03-01T00:00:00Z', until: '2026-03-02T00:00:00Z', limit: 10 },
    ],
    ['retry defaults', RetryFailedQuery, {}, { max_age_hours: 24, limit: 1_000 }],
    ['retry window in hours', RetryFailedQuery, { max_age_hours: '0.5' }, { max_age_hours: 0.5, limit: 1_000 }],
    ['tree version', TreeWriteQuery, { expectedVersion: '3' }, { expectedVersion: 3 }],
    ['silence state', SilenceListQuery, { state: 'active' }, { state: 'active' }],
    ['history limit', HistoryQuery, {}, { limit: 20 }],
  ];
  for (const [name, schema, input, expected] of valid) {
    it(`accepts ${name}`, () => assert.deepEqual(schema.safeParse(input).data, expected));
  }

  const invalid: Array<[string, { safeParse: (v: unknown) => { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } } }, Record<string, string>, string]> = [
    ['an unknown status', DeliveryListQuery, { status: 'lost' }, 'status'],
    ['a receiver id with a dot', DeliveryListQuery, { receiver: 'a.b' }, 'receiver'],
    ['a limit over 500', DeliveryListQuery, { limit: '501' }, 'limit'],
    ['a time without offset', DeliveryListQuery, { since: '2026-03-01' }, 'since'],
    ['an unknown parameter', DeliveryListQuery, { reciever: 'ops' }, ''],
    ['a window that is not a number', RetryFailedQuery, { max_age_hours: 'abc' }, 'max_age_hours'],
    ['a window of zero', RetryFailedQuery, { max_age_hours: '0' }, 'max_age_hours'],
    ['a negative version', TreeWriteQuery, { expectedVersion: '-1' }, 'expectedVersion'],
    ['an unknown silence state', SilenceListQuery, { state: 'muted' }, 'state'],
  ];
  for (const [name, schema, input, path] of invalid) {
    it(`refuses ${name}, naming ${path || 'the query'}`, () => {
      const result = schema.safeParse(input);
      assert.equal(result.success, false);
      assert.ok(result.error?.issues.some((i) => i.path.join('.') === path), JSON.stringify(result.error?.issues));
    });
  }
});
