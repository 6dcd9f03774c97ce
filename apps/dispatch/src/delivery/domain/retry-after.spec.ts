import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RETRY_AFTER_MAX_MS, parseHttpDate, parseRetryAfter } from './retry-after.js';

const now = Date.parse('2026-03-02T10:00:00Z');

describe('parseRetryAfter', () => {
  const cases: Array<[string | undefined, number | undefined]> = [
    [undefined, undefined],
    ['', undefined],
    ['   ', undefined],
    ['0', 0],
    ['120', 120_000],
    [' 5 ', 5000],
    ['1.5', 1500],
    ['0.0001', 1],
    ['-5', 0],
    ['99999999999999999999', RETRY_AFTER_MAX_MS],
    ['90000', RETRY_AFTER_MAX_MS],
    ['Mon, 02 Mar 2026 10:01:30 GMT', 90_000],
    ['Mon, 02 Mar 2026 09:00:00 GMT', 0],
    ['Monday, 02-Mar-26 10:00:10 GMT', 10_000],
    ['Mon Mar  2 10:00:05 2026', 5000],
    ['Sat, 01 Jan 2100 00:00:00 GMT', RETRY_AFTER_MAX_MS],
    ['Mon, 02 Mar 2026 10:01:30 UTC', undefined],
    ['Mon, 31 Feb 2026 10:00:00 GMT', undefined],
    ['Mon, 02 Mar 2026 25:00:00 GMT', undefined],
    ['2026-03-02T10:01:00Z', undefined],
    ['soon', undefined],
    ['1e3', undefined],
    ['0x10', undefined],
  ];
  for (const [header, expected] of cases) {
    it(`${JSON.stringify(header)} → ${expected}`, () => assert.equal(parseRetryAfter(header, now), expected));
  }
});

describe('parseHttpDate', () => {
  it('reads a two-digit RFC 850 year as the most recent past year more than 50 years ahead', () => {
    assert.equal(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', now), Date.parse('1994-11-06T08:49:37Z'));
    assert.equal(parseHttpDate('Thursday, 06-Nov-70 08:49:37 GMT', now), Date.parse('2070-11-06T08:49:37Z'));
    assert.equal(parseHttpDate('Friday, 06-Nov-76 08:49:37 GMT', now), Date.parse('2076-11-06T08:49:37Z'));
    assert.equal(parseHttpDate('Saturday, 06-Nov-77 08:49:37 GMT', now), Date.parse('1977-11-06T08:49:37Z'));
  });
  it('reads the three forms of the same instant alike', () => {
    const expected = Date.parse('1994-11-06T08:49:37Z');
    for (const text of ['Sun, 06 Nov 1994 08:49:37 GMT', 'Sunday, 06-Nov-94 08:49:37 GMT', 'Sun Nov  6 08:49:37 1994']) {
      assert.equal(parseHttpDate(text, now), expected, text);
    }
  });
});
