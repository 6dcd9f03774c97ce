import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { busyDelayMs, deliveryPolicyOf, spreadDelayMs, type DeliveryDefaults } from './delivery-policy.js';

const DEFAULTS: DeliveryDefaults = {
  concurrency: 8,
  circuitBreaker: { failureThreshold: 5, cooldownMs: 30_000, probeTimeoutMs: 60_000 },
  disableAfterSeconds: 432_000,
};

describe('deliveryPolicyOf', () => {
  const cases: Array<[string, unknown, Partial<ReturnType<typeof deliveryPolicyOf>>]> = [
    ['a receiver without delivery settings gets the defaults', { id: 'x', retry: {} }, { concurrency: 8, rateLimit: undefined, disableAfterSeconds: 432_000 }],
    ['its own concurrency wins', { concurrency: 2 }, { concurrency: 2 }],
    ['its own rate limit is used', { rateLimit: { perMinute: 30 } }, { rateLimit: { perMinute: 30 } }],
    ['an empty rate limit is no limit', { rateLimit: {} }, { rateLimit: undefined }],
    ['disableAfterSeconds 0 means never, and is kept', { disableAfterSeconds: 0 }, { disableAfterSeconds: 0 }],
    ['invalid settings fall back to the defaults instead of throwing', { concurrency: -1 }, { concurrency: 8 }],
    ['undefined is a receiver without settings', undefined, { concurrency: 8 }],
  ];
  for (const [name, receiver, expected] of cases) {
    it(name, () => {
      const policy = deliveryPolicyOf(receiver, DEFAULTS);
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(policy[key as keyof typeof policy], value, key);
    });
  }

  it('a receiver timeout longer than half the probe timeout stretches the probe timeout (seed 004: 60 s)', () => {
    assert.equal(deliveryPolicyOf({ timeoutSeconds: 60 }, DEFAULTS).circuitBreaker.probeTimeoutMs, 120_000);
    assert.equal(deliveryPolicyOf({ timeoutSeconds: 30 }, DEFAULTS).circuitBreaker.probeTimeoutMs, 60_000);
    assert.equal(deliveryPolicyOf({ timeoutSeconds: 60, circuitBreaker: { probeTimeoutMs: 90_000 } }, DEFAULTS).circuitBreaker.probeTimeoutMs, 90_000, 'its own probe timeout wins');
  });

  it('merges a partial circuit breaker over the defaults', () => {
    const policy = deliveryPolicyOf({ circuitBreaker: { failureThreshold: 2 } }, DEFAULTS);
    assert.deepEqual(policy.circuitBreaker, { failureThreshold: 2, cooldownMs: 30_000, probeTimeoutMs: 60_000 });
  });
});

describe('busyDelayMs', () => {
  const cases: Array<[string, { typicalSendMs: number; ahead: number; cap: number }, number, number]> = [
    // [name, input, random, expected]
    ['nobody ahead: about one send shared by the cap', { typicalSendMs: 100, ahead: 0, cap: 4 }, 0.5, 25],
    ['a queue ahead: its share of the sends', { typicalSendMs: 100, ahead: 39, cap: 4 }, 0.5, 1_000],
    ['spread low', { typicalSendMs: 100, ahead: 39, cap: 4 }, 0, 750],
    ['spread high', { typicalSendMs: 100, ahead: 39, cap: 4 }, 1, 1_250],
    ['floor: never a tight loop', { typicalSendMs: 0, ahead: 0, cap: 8 }, 0.5, 20],
    ['ceiling: held jobs still come back to be re-checked', { typicalSendMs: 10_000, ahead: 1_000, cap: 2 }, 0.5, 30_000],
  ];
  for (const [name, input, random, expected] of cases) {
    it(`${name} → ${expected} ms`, () => assert.equal(busyDelayMs(input, () => random), expected));
  }
});

describe('spreadDelayMs', () => {
  it('never returns before the window ends and spreads up to the spread', () => {
    assert.equal(spreadDelayMs(2_000, () => 0), 2_000);
    assert.equal(spreadDelayMs(2_000, () => 1), 3_000);
    assert.equal(spreadDelayMs(2_000, () => 0.5, 200), 2_100);
  });
});
