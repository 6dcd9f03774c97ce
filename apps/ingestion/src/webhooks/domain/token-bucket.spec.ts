import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Bucket, takeToken } from './token-bucket.js';

function drain(perMinute: number, requests: number, atMs: number, start?: Bucket): { allowed: number; bucket: Bucket | undefined; retryAfter?: number } {
  let bucket = start;
  let allowed = 0;
  let retryAfter: number | undefined;
  for (let i = 0; i < requests; i += 1) {
    const take = takeToken(bucket, perMinute, atMs);
    bucket = take.bucket;
    if (take.allowed) allowed += 1;
    else retryAfter = take.retryAfterSeconds;
  }
  return { allowed, bucket, ...(retryAfter === undefined ? {} : { retryAfter }) };
}

describe('token bucket', () => {
  it('lets a full minute of requests through at once, then refuses with a retry time', () => {
    const burst = drain(120, 150, 0);
    assert.equal(burst.allowed, 120);
    assert.equal(burst.retryAfter, 1, '120/min refills one token every 0.5 s');
  });

  it('refills continuously at the per-minute rate', () => {
    const { bucket } = drain(120, 120, 0);
    assert.equal(drain(120, 10, 2_000, bucket).allowed, 4, '2 s at 2/s');
    assert.equal(drain(120, 200, 60_000, bucket).allowed, 120, 'never more than a full bucket');
  });

  it('tells a slow limit when to come back', () => {
    const cases: Array<[number, number]> = [
      [1, 60],
      [6, 10],
      [60, 1],
    ];
    for (const [perMinute, retryAfter] of cases) {
      const result = drain(perMinute, perMinute + 1, 0);
      assert.equal(result.allowed, perMinute);
      assert.equal(result.retryAfter, retryAfter, `${perMinute}/min`);
    }
  });

  it('does not charge refused requests', () => {
    const { bucket } = drain(60, 60, 0);
    const refused = drain(60, 100, 500, bucket);
    assert.equal(refused.allowed, 0);
    assert.equal(drain(60, 5, 1_000, refused.bucket).allowed, 1, 'one token after one second, whatever was refused');
  });

  it('survives a clock that steps back', () => {
    const { bucket } = drain(60, 60, 10_000);
    assert.equal(drain(60, 5, 0, bucket).allowed, 0);
  });
});
