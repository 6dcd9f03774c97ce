import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ack, deadLetter, retryAfter } from '../outcome.js';
import { outcomeOf, outcomesOf } from './handler-result.js';

describe('outcomesOf: a batch handler’s answer', () => {
  it('takes nothing as all acked, and a full list as it is', () => {
    assert.deepEqual(outcomesOf(undefined, 3, 'c'), [ack(), ack(), ack()]);
    const list = [ack(), retryAfter(500, 'busy'), deadLetter('bad')];
    assert.deepEqual(outcomesOf(list, 3, 'c'), list);
  });

  const refused: Array<[string, unknown, number, RegExp]> = [
    ['too few outcomes', [ack()], 2, /1 outcomes for 2 messages/],
    ['not an array', ack(), 1, /object, not an array/],
    ['an unknown type', [{ type: 'maybe' }], 1, /for message 0, not an Outcome/],
    ['a retry without a delay', [{ type: 'retry' }], 1, /not an Outcome/],
    ['a negative delay', [retryAfter(-1)], 1, /not an Outcome/],
    ['a dead letter without a reason', [{ type: 'dead' }], 1, /not an Outcome/],
    ['null in the list', [ack(), null], 2, /for message 1/],
  ];
  for (const [name, result, count, message] of refused) {
    it(`throws on ${name}, naming the consumer`, () => assert.throws(() => outcomesOf(result, count, 'orders'), (e: Error) => message.test(e.message) && e.message.includes('orders')));
  }
});

describe('outcomeOf: a single handler’s answer', () => {
  const cases: Array<[string, unknown, ReturnType<typeof ack> | undefined]> = [
    ['nothing: ack', undefined, ack()],
    ['an ack', ack(), ack()],
    ['a retry', retryAfter(10), retryAfter(10)],
    ['a dead letter', deadLetter('no'), deadLetter('no')],
    ['a string', 'ok', undefined],
    ['a number', 1, undefined],
    ['an object without a type', {}, undefined],
  ];
  for (const [name, result, expected] of cases) {
    it(name, () => {
      if (expected) assert.deepEqual(outcomeOf(result, 'c'), expected);
      else assert.throws(() => outcomeOf(result, 'c'), /not an Outcome/);
    });
  }
});
