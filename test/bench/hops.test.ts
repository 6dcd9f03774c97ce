import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hopQuantiles, streamTimeMs, type AlertTimeline } from './hops.js';

describe('steady hops: the figures of `steady_hops`', () => {
  const times: Array<[string, number]> = [
    ['2026-12-07T12:00:00.123456789Z', Date.parse('2026-12-07T12:00:00.123Z') + 0.456789],
    ['2026-12-07T12:00:00Z', Date.parse('2026-12-07T12:00:00Z')],
    ['2026-12-07T13:00:00.5+01:00', Date.parse('2026-12-07T12:00:00.500Z')],
  ];
  for (const [text, ms] of times) {
    it(`reads a stream time to the fraction of a millisecond: ${text}`, () => {
      assert.ok(Math.abs(streamTimeMs(text) - ms) < 1e-6, `${streamTimeMs(text)} ≠ ${ms}`);
    });
  }

  it('refuses what is not a time', () => {
    assert.throws(() => streamTimeMs('yesterday'), /not an RFC 3339 time: yesterday/);
  });

  it('measures each hop over the alerts that have both its points', () => {
    const timelines: AlertTimeline[] = [
      { sent: 0, alerts: 1, incidents: 4, routed: 4.5, sending: 6, received: 7 },
      { sent: 100, alerts: 102, incidents: 110, routed: 111, sending: 112, received: 120 },
      // Not routed (its job row was not found): only the hops that do not need it.
      { sent: 200, alerts: 201, incidents: 203, received: 210 },
    ];
    const hops = hopQuantiles(timelines);
    assert.deepEqual(hops.post_to_alerts_stream, { alerts: 3, p50_ms: 1, p90_ms: 2, p99_ms: 2 });
    assert.deepEqual(hops.alerts_to_incidents_stream, { alerts: 3, p50_ms: 3, p90_ms: 8, p99_ms: 8 });
    assert.deepEqual(hops.incidents_to_routed, { alerts: 2, p50_ms: 0.5, p90_ms: 1, p99_ms: 1 });
    assert.deepEqual(hops.post_to_receiver, { alerts: 3, p50_ms: 10, p90_ms: 20, p99_ms: 20 });
  });
});
