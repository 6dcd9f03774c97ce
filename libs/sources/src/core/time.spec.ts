import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anyTime, epochTime, isoTime } from './time.js';

describe('isoTime', () => {
  it('reads the time formats monitoring tools send, as UTC', () => {
    const cases: [unknown, string | undefined][] = [
      ['2024-05-01T11:52:30Z', '2024-05-01T11:52:30.000Z'],
      ['2024-05-01T11:52:30.123456789Z', '2024-05-01T11:52:30.123Z'],
      ['2024-05-01T13:51:03.157076+02:00', '2024-05-01T11:51:03.157Z'],
      ['2024-05-01T11:50:12.573+0000', '2024-05-01T11:50:12.573Z'], // CloudWatch
      ['2024-05-01T11:58:24.3713213Z', '2024-05-01T11:58:24.371Z'], // Azure
      ['2024-05-01 11:51:35.527', '2024-05-01T11:51:35.527Z'], // Uptime Kuma, UTC without zone
      ['2024-05-01T06:00:00-05:30', '2024-05-01T11:30:00.000Z'],
      ['2024-05-01T11:52Z', '2024-05-01T11:52:00.000Z'],
      ['0001-01-01T00:00:00Z', undefined], // Go's zero time means "not set"
      ['2024-02-30T00:00:00Z', undefined],
      ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'], // leap year
      ['2023-02-29T00:00:00Z', undefined],
      ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'], // divisible by 400
      ['2100-02-29T00:00:00Z', undefined], // divisible by 100
      ['2024-04-31T00:00:00Z', undefined],
      ['2024-12-31T23:59:59Z', '2024-12-31T23:59:59.000Z'],
      ['2024-13-01T00:00:00Z', undefined],
      ['2024-05-01T24:00:00Z', undefined],
      ['2024-05-01', undefined],
      ['yesterday', undefined],
      ['', undefined],
      [1714564200, undefined],
      [null, undefined],
    ];
    for (const [input, expected] of cases) assert.equal(isoTime(input), expected, String(input));
  });
});

describe('epochTime', () => {
  it('reads Unix times in the documented unit', () => {
    const cases: [unknown, 's' | 'ms', string | undefined][] = [
      [1714564320, 's', '2024-05-01T11:52:00.000Z'],
      ['1714564320', 's', '2024-05-01T11:52:00.000Z'],
      [1714564717.391, 's', '2024-05-01T11:58:37.391Z'],
      ['1714564200000', 'ms', '2024-05-01T11:50:00.000Z'],
      [0, 's', undefined],
      [-5, 's', undefined],
      ['12abc', 's', undefined],
      [1e20, 'ms', undefined],
    ];
    for (const [input, unit, expected] of cases) assert.equal(epochTime(input, unit), expected, `${String(input)} ${unit}`);
  });

  it('anyTime prefers ISO and falls back to epoch', () => {
    assert.equal(anyTime('2024-05-01T11:52:00Z', 'ms'), '2024-05-01T11:52:00.000Z');
    assert.equal(anyTime(1714564320000, 'ms'), '2024-05-01T11:52:00.000Z');
  });
});
