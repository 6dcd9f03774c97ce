import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type MaintenanceWindow,
  MaintenanceWindowConfig,
  activeMaintenanceFor,
  isValidTimeZone,
  isWindowActive,
  wallClock,
} from './maintenance.js';

const t = (iso: string) => Date.parse(iso);
const window = (config: Record<string, unknown>): MaintenanceWindow =>
  MaintenanceWindowConfig.parse({ id: 'mw', startsAt: '2026-01-01T00:00:00Z', ...config });

describe('wallClock', () => {
  // 2026-03-02 is a Monday.
  const cases: Array<[string, string, number, string]> = [
    ['2026-03-02T10:15:00Z', 'UTC', 1, '10:15'],
    ['2026-03-02T20:00:00Z', '+05:30', 2, '01:30'],
    ['2026-03-02T02:00:00Z', '-03:00', 0, '23:00'],
    ['2026-01-05T08:30:00Z', 'Europe/Paris', 1, '09:30'], // winter, UTC+1
    ['2026-07-06T08:30:00Z', 'Europe/Paris', 1, '10:30'], // summer, UTC+2
    ['2026-03-01T03:00:00Z', 'America/New_York', 6, '22:00'], // Sunday in UTC, Saturday evening in New York
    ['2026-03-02T00:00:00Z', 'Asia/Kolkata', 1, '05:30'],
  ];
  for (const [now, zone, day, time] of cases) {
    it(`${now} in ${zone} → day ${day} ${time}`, () => {
      const clock = wallClock(t(now), zone);
      const hhmm = `${String(Math.floor(clock.minute / 60)).padStart(2, '0')}:${String(clock.minute % 60).padStart(2, '0')}`;
      assert.deepEqual([clock.day, hhmm], [day, time]);
    });
  }
});

describe('isValidTimeZone', () => {
  const cases: Array<[string, boolean]> = [
    ['UTC', true],
    ['+05:30', true],
    ['-12:00', true],
    ['+15:00', false],
    ['+05:60', false],
    ['Europe/Paris', true],
    ['Mars/Olympus', false],
    ['5:30', false],
  ];
  for (const [zone, valid] of cases) it(`${zone} → ${valid}`, () => assert.equal(isValidTimeZone(zone), valid));
});

describe('isWindowActive: one-off', () => {
  const w = window({ startsAt: '2026-03-02T22:00:00Z', endsAt: '2026-03-03T02:00:00Z' });
  const cases: Array<[string, boolean]> = [
    ['2026-03-02T21:59:59Z', false],
    ['2026-03-02T22:00:00Z', true],
    ['2026-03-03T01:59:59Z', true],
    ['2026-03-03T02:00:00Z', false],
  ];
  for (const [now, active] of cases) it(`${now} → ${active}`, () => assert.equal(isWindowActive(w, t(now)), active));
});

describe('isWindowActive: weekly', () => {
  const overnight = window({ recurrence: { days: ['sat', 'sun'], startTime: '22:00', endTime: '06:00' } });
  const office = window({ recurrence: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], startTime: '09:00', endTime: '17:00', timeZone: 'Europe/Paris' } });
  const wholeDay = window({ recurrence: { days: ['wed'], startTime: '00:00', endTime: '24:00', timeZone: '+02:00' } });
  const bounded = window({
    startsAt: '2026-03-07T00:00:00Z',
    endsAt: '2026-03-08T03:00:00Z',
    recurrence: { days: ['sat', 'sun'], startTime: '22:00', endTime: '06:00' },
  });
  // 2026-03-06 Fri, 07 Sat, 08 Sun, 09 Mon.
  const cases: Array<[string, MaintenanceWindow, string, boolean]> = [
    ['overnight', overnight, '2026-03-06T23:00:00Z', false], // Friday night is not listed
    ['overnight', overnight, '2026-03-07T05:00:00Z', false], // Saturday early: belongs to Friday's slot
    ['overnight', overnight, '2026-03-07T21:59:00Z', false],
    ['overnight', overnight, '2026-03-07T22:00:00Z', true],
    ['overnight', overnight, '2026-03-08T05:59:00Z', true], // Sunday early: Saturday's slot
    ['overnight', overnight, '2026-03-08T12:00:00Z', false],
    ['overnight', overnight, '2026-03-09T05:00:00Z', true], // Monday early: Sunday's slot
    ['overnight', overnight, '2026-03-09T06:00:00Z', false],
    ['office (Paris, winter)', office, '2026-03-02T07:59:00Z', false],
    ['office (Paris, winter)', office, '2026-03-02T08:00:00Z', true],
    ['office (Paris, winter)', office, '2026-03-02T15:59:00Z', true],
    ['office (Paris, winter)', office, '2026-03-02T16:00:00Z', false],
    ['office (Paris, summer)', office, '2026-07-06T07:00:00Z', true],
    ['office (Paris, summer)', office, '2026-07-06T15:00:00Z', false],
    ['office (Paris, Saturday)', office, '2026-03-07T10:00:00Z', false],
    ['whole Wednesday at +02:00', wholeDay, '2026-03-03T21:59:00Z', false],
    ['whole Wednesday at +02:00', wholeDay, '2026-03-03T22:00:00Z', true],
    ['whole Wednesday at +02:00', wholeDay, '2026-03-04T21:59:00Z', true],
    ['whole Wednesday at +02:00', wholeDay, '2026-03-04T22:00:00Z', false],
    ['bounded by endsAt', bounded, '2026-03-08T02:59:00Z', true],
    ['bounded by endsAt', bounded, '2026-03-08T03:00:00Z', false],
    ['bounded by startsAt', bounded, '2026-03-01T02:00:00Z', false],
  ];
  for (const [name, w, now, active] of cases) {
    it(`${name}: ${now} → ${active}`, () => assert.equal(isWindowActive(w, t(now)), active));
  }
});

describe('activeMaintenanceFor', () => {
  const windows = [
    window({ id: 'db', matchers: ['service="db"'], endsAt: '2026-12-31T00:00:00Z' }),
    window({ id: 'all', startsAt: '2026-06-01T00:00:00Z', endsAt: '2026-06-02T00:00:00Z' }),
  ];
  const cases: Array<[Record<string, string>, string, string | undefined]> = [
    [{ service: 'db' }, '2026-03-02T00:00:00Z', 'db'],
    [{ service: 'web' }, '2026-03-02T00:00:00Z', undefined],
    [{ service: 'web' }, '2026-06-01T12:00:00Z', 'all'], // no matchers: everything
  ];
  for (const [labels, now, expected] of cases) {
    it(`${JSON.stringify(labels)} at ${now} → ${expected ?? 'none'}`, () => {
      assert.equal(activeMaintenanceFor(windows, labels, t(now))?.id, expected);
    });
  }
});

describe('MaintenanceWindowConfig', () => {
  const recurrence = { days: ['mon'], startTime: '09:00', endTime: '10:00' };
  const invalid: Array<[string, Record<string, unknown>, RegExp]> = [
    ['one-off without endsAt', {}, /endsAt is required/],
    ['end before start', { endsAt: '2025-01-01T00:00:00Z' }, /endsAt must be after startsAt/],
    ['unknown zone', { recurrence: { ...recurrence, timeZone: 'Moon/Base' } }, /IANA/],
    ['equal times', { recurrence: { ...recurrence, endTime: '09:00' } }, /must differ/],
    ['start at 24:00', { recurrence: { ...recurrence, startTime: '24:00' } }, /startTime may not be 24:00/],
    ['bad time', { recurrence: { ...recurrence, startTime: '9:00' } }, /HH:MM/],
    ['no days', { recurrence: { ...recurrence, days: [] } }, /./],
    ['unknown day', { recurrence: { ...recurrence, days: ['monday'] } }, /./],
  ];
  for (const [name, config, message] of invalid) {
    it(`rejects ${name}`, () => assert.throws(() => window(config), message));
  }
  it('defaults the zone to UTC and allows a recurring window without end', () => {
    assert.equal(window({ recurrence }).recurrence?.timeZone, 'UTC');
  });
});
