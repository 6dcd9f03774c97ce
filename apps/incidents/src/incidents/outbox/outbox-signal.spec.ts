import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventRecord } from '../store/incident-store.js';
import { OutboxSignal } from './outbox-signal.js';

describe('OutboxSignal: how a committed batch wakes the relay', () => {
  const cases: Array<{ name: string; leading: boolean[]; notifyOthers: boolean; wakesLocally: boolean }> = [
    { name: 'before the relay has tried to lead: NOTIFY, no local wake', leading: [], notifyOthers: true, wakesLocally: false },
    { name: 'this replica leads: no NOTIFY, woken in-process after the commit', leading: [true], notifyOthers: false, wakesLocally: true },
    { name: 'another replica leads: NOTIFY, no local wake', leading: [false], notifyOthers: true, wakesLocally: false },
    { name: 'leadership lost: back to NOTIFY', leading: [true, false], notifyOthers: true, wakesLocally: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const signal = new OutboxSignal();
      let wakes = 0;
      signal.attach(() => (wakes += 1));
      for (const leading of c.leading) signal.setLeading(leading);
      assert.equal(signal.notifyOthers, c.notifyOthers);
      signal.committed([]);
      assert.equal(wakes, c.wakesLocally ? 1 : 0);
    });
  }

  const events = [{ event: { id: 'e1' } }, { event: { id: 'e2' } }] as unknown as EventRecord[];
  const kept: Array<{ name: string; leading: boolean[]; kept: number }> = [
    { name: 'this replica leads: committed events are kept for its relay', leading: [true], kept: 2 },
    { name: 'another replica leads: nothing is kept (that relay reads the table)', leading: [false], kept: 0 },
    { name: 'leadership lost: what was kept is dropped (the next leader reads the table)', leading: [true, false], kept: 0 },
  ];
  for (const c of kept) {
    it(c.name, () => {
      const signal = new OutboxSignal();
      signal.setLeading(true);
      signal.committed(events);
      for (const leading of c.leading) signal.setLeading(leading);
      if (c.leading.at(-1) === false) assert.equal(signal.recent.size, 0);
      signal.committed(events);
      assert.equal(signal.recent.size, c.kept);
    });
  }
});
