import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventRecord } from '../store/incident-store.js';
import { OutboxSignal, type RelayRead } from './outbox-signal.js';
import type { Checkpoint, OutboxRef } from './relay-read.js';

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

  const at = (position: string): Checkpoint => ({ transaction_id: '900', position });
  const refs = (n: number): OutboxRef[] => Array.from({ length: n }, (_, i) => ({ transaction_id: '901', position: String(100 + i), id: `e${i}` }));
  const readCases: Array<{ name: string; reads: RelayRead[]; takeAt: string; taken: number | undefined }> = [
    { name: 'a read for the checkpoint the relay is at: taken', reads: [{ from: at('7'), refs: refs(2) }], takeAt: '7', taken: 2 },
    { name: 'a read for an older checkpoint (the relay moved on meanwhile): not taken', reads: [{ from: at('5'), refs: refs(2) }], takeAt: '7', taken: undefined },
    { name: 'two reads for one checkpoint, the later first: the longer (later snapshot) is kept', reads: [{ from: at('7'), refs: refs(3) }, { from: at('7'), refs: refs(1) }], takeAt: '7', taken: 3 },
    { name: 'two reads for one checkpoint in order: the later, longer one', reads: [{ from: at('7'), refs: refs(1) }, { from: at('7'), refs: refs(3) }], takeAt: '7', taken: 3 },
    { name: 'a newer checkpoint replaces a read for an older one', reads: [{ from: at('5'), refs: refs(4) }, { from: at('7'), refs: refs(1) }], takeAt: '7', taken: 1 },
  ];
  for (const c of readCases) {
    it(`the relay's read made behind a commit: ${c.name}`, () => {
      const signal = new OutboxSignal();
      signal.setLeading(true);
      for (const read of c.reads) signal.committed([], read);
      assert.equal(signal.takeRead(at(c.takeAt))?.length, c.taken);
      assert.equal(signal.takeRead(at(c.takeAt)), undefined, 'taken once');
    });
  }

  it('asks a commit to read for the relay only while this replica leads and its relay knows its checkpoint', () => {
    const signal = new OutboxSignal();
    let position: Checkpoint | undefined;
    signal.attach(
      () => undefined,
      () => position,
    );
    position = at('7');
    assert.equal(signal.readAfterCommit(), undefined, 'not leading');
    signal.setLeading(true);
    position = undefined;
    assert.equal(signal.readAfterCommit(), undefined, 'leading, checkpoint not read yet');
    position = at('7');
    const read = signal.readAfterCommit();
    assert.deepEqual(read?.from, at('7'));
    assert.deepEqual(read?.statement.values, ['900', '7']);
    signal.committed([], { from: at('7'), refs: refs(2) });
    signal.setLeading(false);
    assert.equal(signal.readAfterCommit(), undefined, 'leadership lost');
    signal.setLeading(true);
    assert.equal(signal.takeRead(at('7')), undefined, 'a read made under lost leadership is dropped');
  });

  const committedEvents = (...ids: string[]): EventRecord[] => ids.map((id) => ({ event: { id } })) as unknown as EventRecord[];
  const unseenCases: Array<{ name: string; read: string[]; published: string[]; after: number; lookAgain: boolean }> = [
    { name: 'the read behind the commit saw its events: nothing to look for', read: ['a', 'b'], published: [], after: 0, lookAgain: false },
    { name: 'an older transaction hid them: look again soon', read: [], published: [], after: 0, lookAgain: true },
    { name: 'one of two hidden, the other published since: look again', read: ['a'], published: ['a'], after: 0, lookAgain: true },
    { name: 'the hidden ones published since: done', read: [], published: ['a', 'b'], after: 0, lookAgain: false },
    { name: 'hidden past the give-up time: left to the usual wake-ups', read: [], published: [], after: 250, lookAgain: false },
  ];
  for (const c of unseenCases) {
    it(`events a read behind their commit could not see: ${c.name}`, () => {
      const signal = new OutboxSignal();
      signal.setLeading(true);
      signal.committed(committedEvents('a', 'b'), { from: at('7'), refs: c.read.map((id) => ({ transaction_id: '901', position: '1', id })) }, 1_000);
      assert.equal(signal.stillUnseen(c.published, 1_000 + c.after, 200), c.lookAgain);
    });
  }
});
