import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventRecord } from '../store/incident-store.js';
import { RecentEvents } from './recent-events.js';

const record = (id: string, version = 1): EventRecord =>
  ({ event: { id, version }, snapshot: {}, alertReceivedAt: null, correlationId: null, traceparent: null }) as unknown as EventRecord;

describe('RecentEvents: committed events kept for the relay', () => {
  const cases: Array<{ name: string; max: number; add: string[][]; take: string; found: boolean; size: number }> = [
    { name: 'an added event is found once, then gone', max: 10, add: [['a', 'b']], take: 'a', found: true, size: 1 },
    { name: 'an unknown event is not found', max: 10, add: [['a']], take: 'x', found: false, size: 1 },
    { name: 'past the bound the oldest go first', max: 2, add: [['a', 'b'], ['c']], take: 'a', found: false, size: 2 },
    { name: 'past the bound the newest stay', max: 2, add: [['a', 'b'], ['c']], take: 'c', found: true, size: 1 },
    { name: 'an event added again counts as new (it is not the oldest any more)', max: 2, add: [['a', 'b'], ['a'], ['c']], take: 'a', found: true, size: 1 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const recent = new RecentEvents(c.max);
      for (const ids of c.add) recent.add(ids.map((id) => record(id)));
      assert.equal(recent.take(c.take) !== undefined, c.found);
      assert.equal(recent.take(c.take), undefined, 'never found twice');
      assert.equal(recent.size, c.size);
    });
  }

  it('keeps the latest record of an id (a batch committed again after a conflict)', () => {
    const recent = new RecentEvents();
    recent.add([record('a', 1)]);
    recent.add([record('a', 2)]);
    assert.equal(recent.take('a')?.event.version, 2);
  });

  it('clear empties it', () => {
    const recent = new RecentEvents();
    recent.add([record('a'), record('b')]);
    recent.clear();
    assert.equal(recent.size, 0);
  });
});
