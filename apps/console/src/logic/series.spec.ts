import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bucketsFromCumulative, type Figures } from './series.js';

const window = (events: number, ok: number, failed: number, samples: number, avg: number | null): Figures => ({
  total_events: events,
  successful_deliveries: ok,
  failed_deliveries: failed,
  success_rate: null,
  response_time_ms: { samples, avg },
});

describe('bucketsFromCumulative', () => {
  it('turns nested windows (innermost first) into per-bucket figures, oldest first', () => {
    const buckets = bucketsFromCumulative([
      window(4, 3, 1, 3, 100), // the last bucket alone
      window(4, 3, 1, 3, 100), // nothing happened the bucket before
      window(10, 8, 2, 8, 70), // 6 events, 5 ok, 1 failed, 5 samples averaging (560-300)/5 = 52
    ]);
    assert.deepEqual(buckets, [
      { volume: 6, successRate: 5 / 6, latencyMs: 52 },
      { volume: 0, successRate: null, latencyMs: null },
      { volume: 4, successRate: 0.75, latencyMs: 100 },
    ]);
  });

  it('gives nothing for no windows', () => {
    assert.deepEqual(bucketsFromCumulative([]), []);
  });
});
