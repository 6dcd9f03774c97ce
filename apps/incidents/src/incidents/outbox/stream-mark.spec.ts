import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { incidentEventMessage } from '@herald/contracts/testing';
import { rowsAfter, streamTail, type StreamTail } from './stream-mark.js';

describe('streamTail', () => {
  const [a, b] = [incidentEventMessage(), incidentEventMessage()];
  const cases: Array<[string, unknown, StreamTail]> = [
    ['a run: marked by its last event', { events: [a, b] }, { kind: 'run', lastEventId: b.event.id }],
    ['a run of one', { events: [a] }, { kind: 'run', lastEventId: a.event.id }],
    ["an earlier version's single event", a, { kind: 'single' }],
    ['an empty run', { events: [] }, { kind: 'foreign' }],
    ['a run holding something else', { events: [{ hello: 'world' }] }, { kind: 'foreign' }],
    ['another JSON object', { alerts: [] }, { kind: 'foreign' }],
    ['a JSON number', 42, { kind: 'foreign' }],
    ['null', null, { kind: 'foreign' }],
  ];
  for (const [name, payload, expected] of cases) it(name, () => assert.deepEqual(streamTail(payload), expected));
});

describe('rowsAfter', () => {
  const row = (transaction_id: string, position: string) => ({ transaction_id, position, id: `${transaction_id}/${position}` });
  // Commit order: by transaction, then position; compared as numbers, not text ("10" > "9").
  const rows = [row('9', '5'), row('9', '12'), row('10', '3'), row('10', '4')];
  const cases: Array<[string, { transaction_id: string; position: string }, string[]]> = [
    ['before every row', { transaction_id: '8', position: '99' }, ['9/5', '9/12', '10/3', '10/4']],
    ['at a row: the ones after it', { transaction_id: '9', position: '12' }, ['10/3', '10/4']],
    ['between transactions, numerically', { transaction_id: '9', position: '100' }, ['10/3', '10/4']],
    ['at the last row', { transaction_id: '10', position: '4' }, []],
    ['past every row', { transaction_id: '11', position: '1' }, []],
  ];
  for (const [name, mark, expected] of cases) {
    it(name, () =>
      assert.deepEqual(
        rowsAfter(rows, mark).map((r) => r.id),
        expected,
      ),
    );
  }
});
