import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RetryPolicy } from './retry.policy.js';
import { settleAttempt, type AttemptResult } from './settle-attempt.js';

const policy = RetryPolicy.parse({ kind: 'fixed', initialDelayMs: 1_000, maxAttempts: 2, jitter: 0 });
const now = Date.parse('2026-11-23T00:00:00Z');

describe('settleAttempt', () => {
  const cases: Array<[string, AttemptResult, number, Record<string, unknown>]> = [
    ['2xx is delivered', { statusCode: 204 }, 1, { outcome: 'delivered', statusClass: '2xx' }],
    ['500 retries with the policy delay', { statusCode: 500 }, 1, { outcome: 'retrying', statusClass: '5xx', retryInMs: 1_000 }],
    ['503 honours a longer Retry-After', { statusCode: 503, retryAfterHeader: '30' }, 1, { outcome: 'retrying', retryInMs: 30_000 }],
    ['429 is retried', { statusCode: 429 }, 2, { outcome: 'retrying', statusClass: '4xx' }],
    ['timeouts are retried', { error: 'timeout' }, 1, { outcome: 'retrying', statusClass: 'timeout' }],
    ['network errors are retried', { error: 'network' }, 1, { outcome: 'retrying', statusClass: 'network' }],
    ['400 fails at once', { statusCode: 400 }, 1, { outcome: 'failed', finalReason: 'not_recoverable' }],
    ['410 fails and disables the receiver', { statusCode: 410 }, 1, { outcome: 'failed', disableReceiver: true }],
    ['a blocked address fails at once', { error: 'blocked' }, 1, { outcome: 'failed' }],
    ['exhausted retries end dead', { statusCode: 500 }, 3, { outcome: 'dead', finalReason: 'exhausted' }],
  ];
  for (const [name, result, attempt, expected] of cases) {
    it(name, () => {
      const settled = settleAttempt({ result, attempt, policy, now, random: () => 0.5 });
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(settled[key as keyof typeof settled], value, key);
    });
  }

  it('a none policy never retries', () => {
    const none = RetryPolicy.parse({ kind: 'none' });
    assert.equal(settleAttempt({ result: { statusCode: 503 }, attempt: 1, policy: none, now, random: Math.random }).outcome, 'failed');
  });
});
