import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type RateLimitState, type RateLimits, RateLimits as RateLimitsSchema, rateLimitDecision } from './rate-limit.js';

const at = (time: string) => Date.parse(`2026-03-02T${time}Z`);

/** Runs sends in order, threading the state; returns what each decision said. */
function run(limits: RateLimits, times: string[]): Array<true | number> {
  let state: RateLimitState | undefined;
  return times.map((time) => {
    const decision = rateLimitDecision(state, at(time), limits);
    if (!decision.allowed) return decision.retryInMs;
    state = decision.state;
    return true;
  });
}

describe('rateLimitDecision', () => {
  const cases: Array<[string, RateLimits, string[], Array<true | number>]> = [
    ['no limits', {}, ['10:00:00', '10:00:00', '10:00:00'], [true, true, true]],
    [
      'per minute: the excess waits for the next minute',
      { perMinute: 2 },
      ['10:00:10', '10:00:20', '10:00:30', '10:00:59.999', '10:01:00', '10:01:01', '10:01:02'],
      [true, true, 30_000, 1, true, true, 58_000],
    ],
    [
      'per hour: the excess waits for the next hour',
      { perMinute: 10, perHour: 3 },
      ['10:00:00', '10:00:01', '10:30:00', '10:45:00', '11:00:00'],
      [true, true, true, 15 * 60_000, true],
    ],
    [
      'both full: wait for the later window',
      { perMinute: 1, perHour: 1 },
      ['10:59:30', '10:59:40'],
      [true, 20_000],
    ],
    [
      'minute full, hour not: wait for the minute',
      { perMinute: 1, perHour: 100 },
      ['10:20:30', '10:20:45'],
      [true, 15_000],
    ],
    [
      'refused sends are not counted',
      { perMinute: 1 },
      ['10:00:00', '10:00:10', '10:00:20', '10:01:00', '10:01:30'],
      [true, 50_000, 40_000, true, 30_000],
    ],
    [
      'windows are aligned to the clock, not to the first send',
      { perMinute: 1 },
      ['10:00:59', '10:01:00'],
      [true, true],
    ],
  ];
  for (const [name, limits, times, expected] of cases) {
    it(name, () => assert.deepEqual(run(limits, times), expected));
  }

  it('never drops: a burst drains over later windows, never above the limit', () => {
    const limits = { perMinute: 5, perHour: 12 };
    let state: RateLimitState | undefined;
    const start = at('10:57:00');
    // 20 jobs arrive at once; each refused job comes back after retryInMs.
    const pending = Array.from({ length: 20 }, (_, id) => ({ id, due: start }));
    const sent: Array<{ id: number; time: number }> = [];
    while (pending.length > 0) {
      pending.sort((a, b) => a.due - b.due || a.id - b.id);
      const job = pending.shift()!;
      const decision = rateLimitDecision(state, job.due, limits);
      if (decision.allowed) {
        state = decision.state;
        sent.push({ id: job.id, time: job.due });
      } else {
        assert.ok(decision.retryInMs > 0);
        pending.push({ id: job.id, due: job.due + decision.retryInMs });
      }
    }
    assert.equal(sent.length, 20);
    const perMinute = new Map<number, number>();
    const perHour = new Map<number, number>();
    for (const { time } of sent) {
      perMinute.set(Math.floor(time / 60_000), (perMinute.get(Math.floor(time / 60_000)) ?? 0) + 1);
      perHour.set(Math.floor(time / 3_600_000), (perHour.get(Math.floor(time / 3_600_000)) ?? 0) + 1);
    }
    assert.ok([...perMinute.values()].every((n) => n <= 5));
    assert.ok([...perHour.values()].every((n) => n <= 12));
    // 10:57 and 10:58 take 5 each, 10:59 only 2 (the hour is full at 12); 11:00 and 11:01 take the rest.
    assert.deepEqual([...perMinute.values()], [5, 5, 2, 5, 3]);
  });

  it('rejects non-positive limits', () => {
    assert.equal(RateLimitsSchema.safeParse({ perMinute: 0 }).success, false);
    assert.equal(RateLimitsSchema.safeParse({ perHour: 1.5 }).success, false);
    assert.deepEqual(RateLimitsSchema.parse({}), {});
  });
});
