import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SubjectToken } from '@herald/contracts';
import { ReceiverListQuery, generatedReceiverId, receiverPage, receiverStatus, type ReceiverStatus } from './receiver-list.js';

describe('receiverStatus', () => {
  const cases: Array<[boolean, boolean, ReceiverStatus]> = [
    [true, false, 'active'],
    [false, false, 'paused'],
    [true, true, 'disabled'],
    [false, true, 'paused'],
  ];
  for (const [enabled, disabled, expected] of cases) it(`enabled=${enabled} disabled=${disabled} → ${expected}`, () => assert.equal(receiverStatus(enabled, disabled), expected));
});

describe('ReceiverListQuery', () => {
  it('defaults: no limit, from the start', () => assert.deepEqual(ReceiverListQuery.parse({}), { offset: 0 }));
  it('coerces query strings', () => assert.deepEqual(ReceiverListQuery.parse({ status: 'active', channel: 'slack', limit: '5', offset: '10' }), { status: 'active', channel: 'slack', limit: 5, offset: 10 }));
  const invalid: Array<[string, Record<string, unknown>]> = [
    ['an unknown status', { status: 'inactive' }],
    ['an unknown channel', { channel: 'fax' }],
    ['limit 0', { limit: '0' }],
    ['limit above 500', { limit: '501' }],
    ['a negative offset', { offset: '-1' }],
    ['an unknown parameter', { page: '2' }],
  ];
  for (const [name, query] of invalid) it(`rejects ${name}`, () => assert.equal(ReceiverListQuery.safeParse(query).success, false));
});

describe('receiverPage', () => {
  const all = [
    { id: 'a', status: 'active' as const, channel: 'slack' },
    { id: 'b', status: 'paused' as const, channel: 'slack' },
    { id: 'c', status: 'active' as const, channel: 'webhook' },
    { id: 'd', status: 'active' as const, channel: 'slack' },
  ];
  const cases: Array<[string, Record<string, unknown>, string[], number]> = [
    ['no filter', {}, ['a', 'b', 'c', 'd'], 4],
    ['by status', { status: 'active' }, ['a', 'c', 'd'], 3],
    ['by channel', { channel: 'slack' }, ['a', 'b', 'd'], 3],
    ['both', { status: 'active', channel: 'slack' }, ['a', 'd'], 2],
    ['a page', { limit: 2, offset: 1 }, ['b', 'c'], 4],
    ['past the end', { offset: 9 }, [], 4],
    ['an offset without a limit is the rest', { offset: 2 }, ['c', 'd'], 4],
  ];
  for (const [name, query, ids, total] of cases) {
    it(name, () => {
      const page = receiverPage(all, ReceiverListQuery.parse(query));
      assert.deepEqual([page.items.map((r) => r.id), page.total], [ids, total]);
    });
  }
});

describe('generatedReceiverId', () => {
  it('is a subject token with a prefix', () => {
    const id = generatedReceiverId('3F2504E0-4F89-11D3-9A0C-0305E82C3301');
    assert.equal(id, 'rcv_3f2504e04f8911d39a0c');
    assert.equal(SubjectToken.safeParse(id).success, true);
  });
});
