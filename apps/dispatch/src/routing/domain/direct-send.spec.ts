import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { afterDirect, chooseDirect, type DirectCandidate, type DirectRoom } from './direct-send.js';

const job = (jobId: string, receiverId = 'hook', extra: Partial<DirectCandidate> = {}): DirectCandidate => ({ jobId, receiverId, muted: false, redelivered: false, ...extra });
const room = (extra: Partial<DirectRoom> = {}): DirectRoom => ({ capacityOf: () => 4, inFlightOf: () => 0, free: 100, ...extra });

describe('chooseDirect', () => {
  const cases: Array<{ name: string; given: DirectCandidate[]; room: DirectRoom; then: string[] }> = [
    { name: 'fresh jobs for a receiver with room go direct', given: [job('a'), job('b')], room: room(), then: ['a', 'b'] },
    { name: 'a muted notification is only recorded', given: [job('a', 'hook', { muted: true }), job('b')], room: room(), then: ['b'] },
    { name: "a redelivered event's jobs take the broker's path", given: [job('a', 'hook', { redelivered: true }), job('b')], room: room(), then: ['b'] },
    { name: 'a receiver that holds jobs back (capacity 0) gets none', given: [job('a', 'slow'), job('b', 'hook')], room: room({ capacityOf: (r) => (r === 'slow' ? 0 : 4) }), then: ['b'] },
    { name: "the receiver's capacity counts its direct sends under way", given: [job('a'), job('b'), job('c')], room: room({ capacityOf: () => 3, inFlightOf: () => 1 }), then: ['a', 'b'] },
    { name: 'capacity is per receiver', given: [job('a', 'x'), job('b', 'x'), job('c', 'y')], room: room({ capacityOf: () => 1 }), then: ['a', 'c'] },
    { name: "the replica's room caps the batch", given: [job('a', 'x'), job('b', 'y'), job('c', 'z')], room: room({ free: 2 }), then: ['a', 'b'] },
    { name: 'no room at all: nothing direct', given: [job('a')], room: room({ free: 0 }), then: [] },
    { name: 'one job id once', given: [job('a'), job('a')], room: room(), then: ['a'] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual([...chooseDirect(c.given, c.room)], c.then));
  }
});

describe('afterDirect', () => {
  const now = 1_000_000;
  const cases: Array<{ name: string; outcome: Parameters<typeof afterDirect>[0]; then: ReturnType<typeof afterDirect> }> = [
    { name: 'acked: done', outcome: { type: 'ack' }, then: { action: 'done' } },
    { name: 'a retry goes to DISPATCH with its delay', outcome: { type: 'retry', delayMs: 1_500 }, then: { action: 'hand_over', notBefore: now + 1_500 } },
    { name: 'a retry without delay goes at once', outcome: { type: 'retry', delayMs: 0 }, then: { action: 'hand_over', notBefore: undefined } },
    { name: 'a failed handling goes to DISPATCH at once', outcome: { type: 'error' }, then: { action: 'hand_over', notBefore: undefined } },
    { name: 'dead-lettering is the broker path’s business', outcome: { type: 'dead' }, then: { action: 'hand_over', notBefore: undefined } },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(afterDirect(c.outcome, now), c.then));
  }
});
