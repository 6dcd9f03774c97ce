import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attemptConsequences, breakerResult } from './attempt-consequences.js';
import { type AttemptResult, type AttemptSettlement } from './settle-attempt.js';

const delivered: AttemptSettlement = { outcome: 'delivered', statusClass: '2xx', disableReceiver: false };
const retrying: AttemptSettlement = { outcome: 'retrying', statusClass: '5xx', retryInMs: 1_000, disableReceiver: false };
const failed400: AttemptSettlement = { outcome: 'failed', statusClass: '4xx', finalReason: 'not_recoverable', disableReceiver: false };
const gone: AttemptSettlement = { outcome: 'failed', statusClass: '4xx', finalReason: 'not_recoverable', disableReceiver: true };
const blocked: AttemptSettlement = { outcome: 'failed', statusClass: 'none', finalReason: 'not_recoverable', disableReceiver: false };

describe('breakerResult', () => {
  const cases: Array<[string, AttemptResult, AttemptSettlement, ReturnType<typeof breakerResult>]> = [
    ['a delivery is a success', { statusCode: 204 }, delivered, 'success'],
    ['5xx is a recoverable failure', { statusCode: 503 }, retrying, 'recoverable_failure'],
    ['429 without Retry-After is a recoverable failure', { statusCode: 429 }, retrying, 'recoverable_failure'],
    ['429 with Retry-After (seconds) asks for a pause: throttled', { statusCode: 429, retryAfterHeader: '3' }, retrying, 'throttled'],
    ['429 with Retry-After (a date ahead) asks for a pause: throttled', { statusCode: 429, retryAfterHeader: 'Mon, 23 Nov 2026 12:01:00 GMT' }, retrying, 'throttled'],
    ['429 with Retry-After already past is a failure', { statusCode: 429, retryAfterHeader: 'Mon, 23 Nov 2026 11:00:00 GMT' }, retrying, 'recoverable_failure'],
    ['429 with an unreadable Retry-After is a failure', { statusCode: 429, retryAfterHeader: 'soon' }, retrying, 'recoverable_failure'],
    ['503 with Retry-After stays a failure (the endpoint is down)', { statusCode: 503, retryAfterHeader: '3' }, retrying, 'recoverable_failure'],
    ['a timeout is a recoverable failure', { error: 'timeout' }, retrying, 'recoverable_failure'],
    ['a network error is a recoverable failure', { error: 'network' }, retrying, 'recoverable_failure'],
    ['400 shows the endpoint is up: other failure', { statusCode: 400 }, failed400, 'other_failure'],
    ['a TLS error reached the endpoint: other failure', { error: 'tls' }, failed400, 'other_failure'],
    ['a refused address never reached it: nothing', { error: 'blocked' }, blocked, undefined],
    ['a render error never reached it: nothing', {}, blocked, undefined],
  ];
  const now = Date.parse('2026-11-23T12:00:00Z');
  for (const [name, result, settled, expected] of cases) it(name, () => assert.equal(breakerResult(result, settled, now), expected));
});

describe('attemptConsequences', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  const base = { now, disableAfterSeconds: 3_600, jobId: 'e1.ops' };

  it('410 disables the receiver, whatever the breaker says', () => {
    const c = attemptConsequences({ ...base, settled: gone, breaker: 'other_failure', failingSince: undefined });
    assert.deepEqual(c.disable, { reason: 'gone', detail: 'answered 410 Gone (job e1.ops)' });
    assert.equal(c.settled, gone);
  });

  it('a receiver failing for longer than the period is disabled and its retry becomes final', () => {
    const c = attemptConsequences({ ...base, settled: retrying, breaker: 'recoverable_failure', failingSince: now - 3_601_000 });
    assert.equal(c.disable?.reason, 'failing');
    assert.match(c.disable.detail, /since 2026-11-23T10:59:59\.000Z/);
    assert.deepEqual(c.settled, { outcome: 'failed', statusClass: '5xx', finalReason: 'receiver_disabled', disableReceiver: true });
  });

  const unchanged: Array<[string, Parameters<typeof attemptConsequences>[0]]> = [
    ['failing, but not yet for the period', { ...base, settled: retrying, breaker: 'recoverable_failure', failingSince: now - 3_599_000 }],
    ['failing long, but this attempt was not a recoverable failure', { ...base, settled: failed400, breaker: 'other_failure', failingSince: now - 7_200_000 }],
    ['throttled (429 with Retry-After) never disables, however long the streak', { ...base, settled: retrying, breaker: 'throttled', failingSince: now - 86_400_000 }],
    ['no failure streak known', { ...base, settled: retrying, breaker: 'recoverable_failure', failingSince: undefined }],
    ['disabling switched off (0)', { ...base, disableAfterSeconds: 0, settled: retrying, breaker: 'recoverable_failure', failingSince: now - 86_400_000 }],
    ['a delivery', { ...base, settled: delivered, breaker: 'success', failingSince: undefined }],
  ];
  for (const [name, input] of unchanged) {
    it(`leaves the receiver and the settlement alone: ${name}`, () => {
      const c = attemptConsequences(input);
      assert.equal(c.disable, undefined);
      assert.equal(c.settled, input.settled);
    });
  }
});
