import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SUBSCRIPTIONS, type Subscription } from '../../routing/domain/route-tree.js';
import { receiverTakes } from '../../routing/domain/notification-plan.js';
import { effectiveSubscriptions, subscribe, unsubscribe } from './receiver-subscriptions.js';

describe('receiverTakes', () => {
  const cases: Array<[readonly Subscription[] | undefined, Subscription, boolean]> = [
    [undefined, 'triggered', true],
    [undefined, 'note', true],
    [['triggered'], 'triggered', true],
    [['triggered'], 'resolved', false],
    [[], 'triggered', false],
  ];
  for (const [types, sub, expected] of cases) {
    it(`${JSON.stringify(types)} takes ${sub}: ${expected}`, () => assert.equal(receiverTakes(types, sub), expected));
  }
});

describe('subscribe and unsubscribe', () => {
  const cases: Array<[string, () => Subscription[] | undefined, Subscription[] | undefined]> = [
    ['subscribe when unset stays unset', () => subscribe(undefined, 'note'), undefined],
    ['subscribe adds, in canonical order', () => subscribe(['resolved'], 'triggered'), ['triggered', 'resolved']],
    ['subscribe twice is one subscription', () => subscribe(['triggered'], 'triggered'), ['triggered']],
    ['unsubscribe from unset is every type but one', () => unsubscribe(undefined, 'note'), SUBSCRIPTIONS.filter((s) => s !== 'note')],
    ['unsubscribe removes', () => unsubscribe(['triggered', 'resolved'], 'triggered'), ['resolved']],
    ['unsubscribe of an absent type changes nothing', () => unsubscribe(['resolved'], 'triggered'), ['resolved']],
    ['unsubscribe of the last leaves none', () => unsubscribe(['resolved'], 'resolved'), []],
  ];
  for (const [name, run, expected] of cases) it(name, () => assert.deepEqual(run(), expected));
  it('effective subscriptions of unset are all types', () => assert.deepEqual(effectiveSubscriptions(undefined), [...SUBSCRIPTIONS]));
});
