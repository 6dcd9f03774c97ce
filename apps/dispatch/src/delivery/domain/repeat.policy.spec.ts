import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type RepeatInput, idempotencyKey, needsRepeat, nextRepeatAt, repeatIdempotencyKey } from './repeat.policy.js';

const base: RepeatInput = { lastNotifiedAt: 0, repeatIntervalSeconds: 3600, status: 'triggered', now: 3_600_000 };

describe('needsRepeat', () => {
  const cases: Array<[string, Partial<RepeatInput>, boolean]> = [
    ['due exactly at the interval', {}, true],
    ['long overdue', { now: 10 * 3_600_000 }, true],
    ['not yet due', { now: 3_599_999 }, false],
    ['acknowledged incidents do not repeat', { status: 'acknowledged' }, false],
    ['resolved incidents do not repeat', { status: 'resolved' }, false],
    ['flapping incidents do not repeat', { flapping: true }, false],
    ['no interval', { repeatIntervalSeconds: undefined }, false],
    ['interval 0 turns repeats off', { repeatIntervalSeconds: 0 }, false],
    ['never notified: the event itself notifies, not a repeat', { lastNotifiedAt: undefined }, false],
  ];
  for (const [name, overrides, expected] of cases) {
    it(name, () => assert.equal(needsRepeat({ ...base, ...overrides }), expected));
  }
});

describe('nextRepeatAt', () => {
  it('is last notification plus the interval', () => assert.equal(nextRepeatAt({ lastNotifiedAt: 1000, repeatIntervalSeconds: 60 }), 61_000));
  it('is undefined when repeats are off', () => {
    assert.equal(nextRepeatAt({ lastNotifiedAt: 1000, repeatIntervalSeconds: 0 }), undefined);
    assert.equal(nextRepeatAt({ lastNotifiedAt: undefined, repeatIntervalSeconds: 60 }), undefined);
  });
});

describe('idempotency keys', () => {
  const eventId = '7d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a';
  it('event id dot receiver id', () => assert.equal(idempotencyKey(eventId, 'ops-pager'), `${eventId}.ops-pager`));
  it('a repeat key includes its sequence and differs per repeat', () => {
    assert.equal(repeatIdempotencyKey(eventId, 'ops-pager', 1), `${eventId}.ops-pager.repeat-1`);
    assert.notEqual(repeatIdempotencyKey(eventId, 'ops-pager', 1), repeatIdempotencyKey(eventId, 'ops-pager', 2));
    assert.notEqual(repeatIdempotencyKey(eventId, 'ops-pager', 1), idempotencyKey(eventId, 'ops-pager'));
  });
  it('a repeat key fits the 300 characters of a job id for the longest receiver id', () => {
    assert.ok(repeatIdempotencyKey(eventId, 'r'.repeat(128), 1_000_000).length <= 300);
  });
  for (const bad of [0, -1, 1.5, Number.NaN]) {
    it(`rejects sequence ${bad}`, () => assert.throws(() => repeatIdempotencyKey(eventId, 'r', bad), RangeError));
  }
});
