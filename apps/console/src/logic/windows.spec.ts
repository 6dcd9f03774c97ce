import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endWindow, fromNowFor, windowId, windowIsOver, type WindowSpec } from './windows.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const window = (overrides: Partial<WindowSpec> = {}): WindowSpec => ({
  id: 'db-upgrade',
  matchers: ['team="db"'],
  startsAt: '2026-01-01T11:00:00.000Z',
  endsAt: '2026-01-01T13:00:00.000Z',
  ...overrides,
});

describe('windowId', () => {
  const cases: Array<[string, string]> = [
    ['Kernel upgrade db-1', 'kernel-upgrade-db-1'],
    ['  Saturday: DB!  ', 'saturday-db'],
    ['***', ''],
  ];
  for (const [name, id] of cases) it(`${JSON.stringify(name)} → ${JSON.stringify(id)}`, () => assert.equal(windowId(name), id));
});

describe('endWindow', () => {
  it('moves the end of a started one-off window to now, keeping the rest', () => {
    assert.deepEqual(endWindow(window(), NOW), {
      method: 'PUT',
      body: { id: 'db-upgrade', matchers: ['team="db"'], startsAt: '2026-01-01T11:00:00.000Z', endsAt: '2026-01-01T12:00:00.000Z' },
    });
  });
  it('removes a window that has not started, and a weekly one', () => {
    assert.deepEqual(endWindow(window({ startsAt: '2026-01-01T12:30:00.000Z' }), NOW), { method: 'DELETE' });
    assert.deepEqual(endWindow(window({ recurrence: { days: ['sat'], startTime: '02:00', endTime: '04:00' } }), NOW), { method: 'DELETE' });
  });
  it('knows when a window is over', () => {
    assert.equal(windowIsOver(window(), NOW), false);
    assert.equal(windowIsOver(window({ endsAt: '2026-01-01T12:00:00.000Z' }), NOW), true);
    assert.equal(windowIsOver(window({ endsAt: undefined }), NOW), false);
  });
});

describe('fromNowFor', () => {
  it('starts now and lasts the hours given, fractions included', () => {
    assert.deepEqual(fromNowFor(1.5, NOW), { startsAt: '2026-01-01T12:00:00.000Z', endsAt: '2026-01-01T13:30:00.000Z' });
  });
});
