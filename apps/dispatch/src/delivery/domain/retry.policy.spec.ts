import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type NextAttempt,
  type RetryPolicy,
  DEFAULT_RETRY_POLICY,
  RETRY_DELAY_CEILING_MS,
  RetryPolicy as RetryPolicySchema,
  baseDelayMs,
  jittered,
  nextAttempt,
} from './retry.policy.js';

const noJitter = () => 0;
const policy = (overrides: Partial<RetryPolicy> = {}): RetryPolicy => RetryPolicySchema.parse({ jitter: 0, ...overrides });

/** When each send happens (ms after the first), assuming instant failures, until the policy gives up. */
function sendTimes(p: RetryPolicy): { times: number[]; end: NextAttempt } {
  const times = [0];
  for (let attempt = 1; ; attempt++) {
    const next = nextAttempt({ policy: p, attempt, recoverable: true, random: noJitter });
    if (!next.retry) return { times, end: next };
    times.push(times[times.length - 1]! + next.delayMs);
  }
}

describe('RetryPolicy defaults', () => {
  it('exponential, 1 s, ×2, cap 300 s, 8 retries, jitter 0.2', () => {
    assert.deepEqual(DEFAULT_RETRY_POLICY, {
      kind: 'exponential',
      initialDelayMs: 1000,
      multiplier: 2,
      maxDelayMs: 300_000,
      maxAttempts: 8,
      jitter: 0.2,
      jitterMode: 'down',
    });
  });
  const invalid: Array<[string, Record<string, unknown>]> = [
    ['maxAttempts above 20', { maxAttempts: 21 }],
    ['negative maxAttempts', { maxAttempts: -1 }],
    ['fractional maxAttempts', { maxAttempts: 2.5 }],
    ['jitter above 1', { jitter: 1.5 }],
    ['multiplier below 1', { multiplier: 0.5 }],
    ['initial above cap', { initialDelayMs: 10_000, maxDelayMs: 5_000 }],
    ['cap above the ceiling', { maxDelayMs: RETRY_DELAY_CEILING_MS + 1 }],
    ['unknown kind', { kind: 'fibonacci' }],
    ['unknown jitter mode', { jitterMode: 'up' }],
  ];
  for (const [name, config] of invalid) {
    it(`rejects ${name}`, () => assert.equal(RetryPolicySchema.safeParse(config).success, false));
  }
  const valid: Array<[string, Record<string, unknown>]> = [
    ["seed 001's 1 h cap", { maxDelayMs: 3_600_000 }],
    ["seed 001's example: 30 s, ×1.5, cap 2 h, 10 retries, ±20 %", { initialDelayMs: 30_000, multiplier: 1.5, maxDelayMs: 7_200_000, maxAttempts: 10, jitter: 0.2, jitterMode: 'both' }],
    ['a cap of 24 h', { maxDelayMs: RETRY_DELAY_CEILING_MS, initialDelayMs: RETRY_DELAY_CEILING_MS }],
  ];
  for (const [name, config] of valid) {
    it(`accepts ${name}`, () => assert.equal(RetryPolicySchema.safeParse(config).success, true));
  }
});

describe('send times per kind (no jitter)', () => {
  const cases: Array<[string, Partial<RetryPolicy>, number[]]> = [
    ['exponential (defaults)', {}, [0, 1000, 3000, 7000, 15_000, 31_000, 63_000, 127_000, 255_000]],
    ['exponential ×3 capped at 30 s', { multiplier: 3, maxDelayMs: 30_000, maxAttempts: 5 }, [0, 1000, 4000, 13_000, 40_000, 70_000]],
    ['exponential ×1 behaves as fixed', { multiplier: 1, maxAttempts: 3 }, [0, 1000, 2000, 3000]],
    ['linear 5 s capped at 12 s', { kind: 'linear', initialDelayMs: 5000, maxDelayMs: 12_000, maxAttempts: 4 }, [0, 5000, 15_000, 27_000, 39_000]],
    ['fixed 30 s', { kind: 'fixed', initialDelayMs: 30_000, maxAttempts: 3 }, [0, 30_000, 60_000, 90_000]],
    ['none', { kind: 'none' }, [0]],
    ['no retries', { maxAttempts: 0 }, [0]],
    ['one retry', { maxAttempts: 1 }, [0, 1000]],
  ];
  for (const [name, overrides, times] of cases) {
    it(name, () => assert.deepEqual(sendTimes(policy(overrides)).times, times));
  }
  it('the default policy reaches its cap after 9 exponential steps', () => {
    const p = policy({ maxAttempts: 12 });
    assert.deepEqual(
      [9, 10, 11, 12].map((a) => baseDelayMs(p, a)),
      [256_000, 300_000, 300_000, 300_000],
    );
  });
});

describe('nextAttempt', () => {
  const p = policy({ maxAttempts: 3 });
  const cases: Array<[string, Parameters<typeof nextAttempt>[0], NextAttempt]> = [
    ['retries a recoverable failure', { policy: p, attempt: 1, recoverable: true, random: noJitter }, { retry: true, delayMs: 1000 }],
    ['last allowed retry', { policy: p, attempt: 3, recoverable: true, random: noJitter }, { retry: true, delayMs: 4000 }],
    ['exhausted', { policy: p, attempt: 4, recoverable: true, random: noJitter }, { retry: false, reason: 'exhausted' }],
    ['not recoverable wins over everything', { policy: policy({ kind: 'none' }), attempt: 9, recoverable: false, random: noJitter }, { retry: false, reason: 'not_recoverable' }],
    ['kind none', { policy: policy({ kind: 'none' }), attempt: 1, recoverable: true, random: noJitter }, { retry: false, reason: 'policy_none' }],
    ['maxAttempts 0', { policy: policy({ maxAttempts: 0 }), attempt: 1, recoverable: true, random: noJitter }, { retry: false, reason: 'policy_none' }],
    // Retry-After: the larger of the server's ask and our delay, up to the hard ceiling.
    ['Retry-After longer than ours', { policy: p, attempt: 1, recoverable: true, retryAfterMs: 10_000, random: noJitter }, { retry: true, delayMs: 10_000 }],
    ['Retry-After shorter than ours', { policy: p, attempt: 3, recoverable: true, retryAfterMs: 500, random: noJitter }, { retry: true, delayMs: 4000 }],
    ['Retry-After 0', { policy: p, attempt: 2, recoverable: true, retryAfterMs: 0, random: noJitter }, { retry: true, delayMs: 2000 }],
    ['Retry-After above maxDelayMs is honoured', { policy: p, attempt: 1, recoverable: true, retryAfterMs: 900_000, random: noJitter }, { retry: true, delayMs: 900_000 }],
    ['Retry-After above the ceiling is clamped', { policy: p, attempt: 1, recoverable: true, retryAfterMs: 30 * 3_600_000, random: noJitter }, { retry: true, delayMs: RETRY_DELAY_CEILING_MS }],
    ['Retry-After does not extend an exhausted policy', { policy: p, attempt: 4, recoverable: true, retryAfterMs: 1000, random: noJitter }, { retry: false, reason: 'exhausted' }],
    ['Retry-After is not jittered', { policy: policy({ jitter: 1, maxAttempts: 3 }), attempt: 1, recoverable: true, retryAfterMs: 5000, random: () => 0.9 }, { retry: true, delayMs: 5000 }],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => assert.deepEqual(nextAttempt(input), expected));
  }
});

describe('jitter', () => {
  const cases: Array<[string, number, number, number, number]> = [
    // [name, delay, jitter, random, expected]
    ['none', 10_000, 0, 0.9, 10_000],
    ['0.2 at random 0 keeps the full delay', 10_000, 0.2, 0, 10_000],
    ['0.2 at random 0.5', 10_000, 0.2, 0.5, 9000],
    ['0.2 at the top of random', 10_000, 0.2, 0.999_999, 8000],
    ['full jitter (1) spans 0..delay', 10_000, 1, 0.75, 2500],
    ['equal jitter (0.5) spans delay/2..delay', 10_000, 0.5, 0.999_999, 5000],
    ['a random() out of range is clamped', 10_000, 0.5, 7, 5000],
  ];
  for (const [name, delay, jitter, r, expected] of cases) {
    it(name, () => assert.equal(jittered(delay, jitter, () => r), expected));
  }
  const both: Array<[string, number, number, number, number]> = [
    ['± 0.2 at random 0 is 20 % shorter', 10_000, 0.2, 0, 8000],
    ['± 0.2 at random 0.5 is the delay', 10_000, 0.2, 0.5, 10_000],
    ['± 0.2 at the top of random is 20 % longer', 10_000, 0.2, 0.999_999, 12_000],
    ['± 1 spans 0..2 × delay', 10_000, 1, 0.75, 15_000],
    ['± never exceeds the ceiling', RETRY_DELAY_CEILING_MS, 0.5, 0.999_999, RETRY_DELAY_CEILING_MS],
  ];
  for (const [name, delay, jitter, r, expected] of both) {
    it(name, () => assert.equal(jittered(delay, jitter, () => r, 'both'), expected));
  }
  it('never exceeds the computed delay nor falls below (1 − jitter) of it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<RetryPolicy['kind']>('exponential', 'linear', 'fixed'),
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (kind, attempt, jitter, r) => {
          const p = policy({ kind, jitter, maxAttempts: 20 });
          const next = nextAttempt({ policy: p, attempt, recoverable: true, random: () => r });
          assert.ok(next.retry);
          const base = baseDelayMs(p, attempt);
          assert.ok(next.delayMs <= base && next.delayMs >= Math.floor(base * (1 - jitter)), `${next.delayMs} vs ${base}`);
          assert.ok(next.delayMs <= RETRY_DELAY_CEILING_MS);
        },
      ),
    );
  });
});
