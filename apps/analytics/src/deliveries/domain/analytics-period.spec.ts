import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AnalyticsError } from './analytics.errors.js';
import { parsePeriod, parsePeriodDays, parseReceiverId, windowOf } from './analytics-period.js';

describe('parsePeriodDays', () => {
  const good: Array<[unknown, number]> = [
    [undefined, 7],
    ['', 7],
    ['1', 1],
    ['30', 30],
    ['90', 90],
  ];
  for (const [raw, days] of good) it(`${String(raw)} → ${days}`, () => assert.equal(parsePeriodDays(raw), days));
  for (const raw of ['0', '91', '-1', '1.5', 'seven', '7d', ['1', '2']]) {
    it(`refuses ${JSON.stringify(raw)} naming period_days`, () => {
      assert.throws(() => parsePeriodDays(raw), (e: unknown) => e instanceof AnalyticsError && e.field === 'period_days' && /period_days/.test(e.message));
    });
  }
});

describe('parsePeriod', () => {
  const good: Array<[unknown, number]> = [
    [undefined, 24],
    ['1h', 1],
    ['24h', 24],
    ['7d', 168],
    ['90d', 2_160],
    ['2160h', 2_160],
  ];
  for (const [raw, hours] of good) it(`${String(raw)} → ${hours} h`, () => assert.equal(parsePeriod(raw), hours));
  for (const raw of ['0h', '91d', '2161h', '7', '1w', 'd', '1.5h']) {
    it(`refuses ${raw} naming period`, () => {
      assert.throws(() => parsePeriod(raw), (e: unknown) => e instanceof AnalyticsError && e.field === 'period');
    });
  }
});

describe('parseReceiverId', () => {
  it('accepts a subject token and refuses anything else naming id', () => {
    assert.equal(parseReceiverId('ops-webhook_1'), 'ops-webhook_1');
    assert.throws(() => parseReceiverId('a.b'), (e: unknown) => e instanceof AnalyticsError && e.field === 'id');
  });
});

describe('windowOf', () => {
  it('covers the current hour and the hours before it', () => {
    const w = windowOf(24, new Date('2025-03-04T10:15:00.000Z'));
    assert.equal(w.from.toISOString(), '2025-03-03T11:00:00.000Z');
    assert.equal(w.to.toISOString(), '2025-03-04T10:15:00.000Z');
  });
});
