import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failureKey, RepeatedFailures } from './repeated-failures.js';

describe('RepeatedFailures', () => {
  // Each step: a list of failures noted, then a drain; expected: which notes said "log in full", and the drain.
  const cases: Array<[string, Array<[string[], boolean[], Array<[string, number]>]>]> = [
    ['one failure: logged in full, nothing to summarise', [[['a'], [true], []]]],
    ['an outage: first logged, 999 repeats summarised as one line', [[Array(1_000).fill('down'), [true, ...Array<boolean>(999).fill(false)], [['down', 999]]]]],
    [
      'two kinds are counted apart',
      [[['a', 'b', 'a', 'b', 'b'], [true, true, false, false, false], [['a', 1], ['b', 2]]]],
    ],
    [
      'still failing in the next period: summarised again, not logged in full again',
      [
        [['a', 'a'], [true, false], [['a', 1]]],
        [['a', 'a', 'a'], [false, false, false], [['a', 3]]],
      ],
    ],
    [
      'quiet for a whole period: forgotten, so the next one is logged in full',
      [
        [['a', 'a'], [true, false], [['a', 1]]],
        [[], [], []],
        [[], [], []],
        [['a'], [true], []],
      ],
    ],
  ];
  for (const [name, steps] of cases) {
    it(name, () => {
      const failures = new RepeatedFailures();
      for (const [notes, expectedFull, expectedDrain] of steps) {
        assert.deepEqual(notes.map((k) => failures.note(k)), expectedFull);
        assert.deepEqual(failures.drain().map((s) => [s.key, s.repeats]), expectedDrain);
      }
    });
  }

  it('keeps at most maxKinds kinds; beyond that each failure is logged in full rather than kept', () => {
    const failures = new RepeatedFailures(2);
    assert.deepEqual(['a', 'b', 'c', 'c', 'a'].map((k) => failures.note(k)), [true, true, true, true, false]);
  });
});

describe('failureKey', () => {
  const cases: Array<[string, unknown, string]> = [
    ['name, code and message', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), 'transient: Error ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:5432'],
    ['no code', new TypeError('x is undefined'), 'transient: TypeError: x is undefined'],
    ['not an Error', 'boom', 'transient: boom'],
  ];
  for (const [name, error, expected] of cases) it(name, () => assert.equal(failureKey('transient', error), expected));
});
