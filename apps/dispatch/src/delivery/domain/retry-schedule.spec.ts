import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RetryPolicy } from './retry.policy.js';
import { retrySchedule } from './retry-schedule.js';

const WEEK_MS = 7 * 24 * 3_600_000;
const schedule = (policy: Record<string, unknown>, retention = WEEK_MS) => retrySchedule(RetryPolicy.parse(policy), retention);

describe('retrySchedule', () => {
  const cases: Array<[string, Record<string, unknown>, number[], number]> = [
    // [name, policy, delays (s), total (s)]
    ["seed 001's exponential: 60 s doubling, 5 retries, cap 1 h", { initialDelayMs: 60_000, maxDelayMs: 3_600_000, maxAttempts: 5, jitter: 0 }, [60, 120, 240, 480, 960], 1860],
    ["seed 001's linear", { kind: 'linear', initialDelayMs: 60_000, maxDelayMs: 3_600_000, maxAttempts: 5, jitter: 0 }, [60, 120, 180, 240, 300], 900],
    ["seed 001's fixed", { kind: 'fixed', initialDelayMs: 60_000, maxDelayMs: 60_000, maxAttempts: 3, jitter: 0 }, [60, 60, 60], 180],
    ["seed 001's no retry", { kind: 'none' }, [], 0],
    ['capped at 2 h', { initialDelayMs: 3_600_000, maxDelayMs: 7_200_000, maxAttempts: 3, jitter: 0 }, [3600, 7200, 7200], 18_000],
    ['capped at 24 h', { initialDelayMs: 43_200_000, maxDelayMs: 86_400_000, maxAttempts: 3, jitter: 0 }, [43_200, 86_400, 86_400], 216_000],
  ];
  for (const [name, policy, delays, total] of cases) {
    it(name, () => {
      const s = schedule(policy);
      assert.deepEqual([s.retries.map((r) => r.delayMs / 1000), s.totalMs / 1000], [delays, total]);
      assert.deepEqual(s.retries.map((r) => r.retry), delays.map((_, i) => i + 1));
      assert.equal(s.retries.at(-1)?.atMs ?? 0, s.totalMs);
    });
  }

  const jitter: Array<[string, Record<string, unknown>, [number, number], [number, number]]> = [
    // [name, policy, first retry [min, max] ms, total [min, max] ms]
    ['down 0.2', { initialDelayMs: 10_000, maxAttempts: 2, jitter: 0.2 }, [8000, 10_000], [24_000, 30_000]],
    ['± 0.2 as seed 001 means it', { initialDelayMs: 10_000, maxAttempts: 2, jitter: 0.2, jitterMode: 'both' }, [8000, 12_000], [24_000, 36_000]],
    ['no jitter', { initialDelayMs: 10_000, maxAttempts: 2, jitter: 0 }, [10_000, 10_000], [30_000, 30_000]],
  ];
  for (const [name, policy, first, total] of jitter) {
    it(`jitter ${name}`, () => {
      const s = schedule(policy);
      assert.deepEqual([[s.retries[0]!.minDelayMs, s.retries[0]!.maxDelayMs], [s.minTotalMs, s.maxTotalMs]], [first, total]);
    });
  }

  const retention: Array<[string, Record<string, unknown>, number, boolean | null]> = [
    ['fits a week', { maxAttempts: 8 }, WEEK_MS, true],
    ['20 retries of 24 h do not fit a week', { initialDelayMs: 86_400_000, maxDelayMs: 86_400_000, maxAttempts: 20, jitter: 0 }, WEEK_MS, false],
    ['unlimited retention', { maxAttempts: 8 }, 0, null],
  ];
  for (const [name, policy, ms, expected] of retention) it(name, () => assert.equal(schedule(policy, ms).withinRetention, expected));
});
