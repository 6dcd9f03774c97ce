import { IsoDateTime } from '@herald/contracts';
import { z } from 'zod';
import { type LabelSet, MatcherConfig, matchesAll } from './matchers.js';

export const DAYS_OF_WEEK = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export const DayOfWeek = z.enum(DAYS_OF_WEEK);
export type DayOfWeek = z.infer<typeof DayOfWeek>;

const OFFSET = /^([+-])(\d{2}):(\d{2})$/;

/** `UTC`, a fixed offset such as `+05:30`, or an IANA zone such as `Europe/Paris` (via the runtime's built-in Intl data). */
export function isValidTimeZone(zone: string): boolean {
  const offset = OFFSET.exec(zone);
  if (offset) return Number(offset[2]) <= 14 && Number(offset[3]) < 60;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const TimeOfDay = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM (00:00 to 24:00)');

/**
 * Every listed day from `startTime` to `endTime` wall-clock time in `timeZone`. An end at or
 * before the start runs past midnight into the next day; the listed day is the day it starts.
 */
export const WeeklyRecurrence = z
  .object({
    days: z.array(DayOfWeek).min(1).max(7),
    startTime: TimeOfDay,
    endTime: TimeOfDay,
    timeZone: z.string().default('UTC').refine(isValidTimeZone, 'must be UTC, ±HH:MM or an IANA time zone'),
  })
  .refine((r) => r.startTime !== r.endTime, { message: 'startTime and endTime must differ (use 00:00-24:00 for a whole day)', path: ['endTime'] })
  .refine((r) => r.startTime !== '24:00', { message: 'startTime may not be 24:00', path: ['startTime'] });
export type WeeklyRecurrence = z.output<typeof WeeklyRecurrence>;

/**
 * Planned quiet time for matching incidents (no matchers: everything). Without recurrence it
 * is the span [startsAt, endsAt); with recurrence, the weekly slots that fall inside
 * [startsAt, endsAt), endsAt being optional.
 */
export const MaintenanceWindowConfig = z
  .object({
    id: z.string().min(1).max(128),
    matchers: z.array(MatcherConfig).max(50).default([]),
    startsAt: IsoDateTime,
    endsAt: IsoDateTime.optional(),
    recurrence: WeeklyRecurrence.optional(),
  })
  .superRefine((w, ctx) => {
    if (w.endsAt === undefined) {
      if (!w.recurrence) ctx.addIssue({ code: 'custom', message: 'endsAt is required without a recurrence', path: ['endsAt'] });
    } else if (Date.parse(w.endsAt) <= Date.parse(w.startsAt)) {
      ctx.addIssue({ code: 'custom', message: 'endsAt must be after startsAt', path: ['endsAt'] });
    }
  });
export type MaintenanceWindow = z.output<typeof MaintenanceWindowConfig>;

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAY_INDEX: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** Day of week (0 = Sunday) and minute of the day on the wall clock of `zone` at `now`. */
export function wallClock(now: number, zone: string): { day: number; minute: number } {
  const offset = zone === 'UTC' ? ['', '+', '00', '00'] : OFFSET.exec(zone);
  if (offset) {
    const sign = offset[1] === '-' ? -1 : 1;
    const shifted = new Date(now + sign * (Number(offset[2]) * 60 + Number(offset[3])) * 60_000);
    return { day: shifted.getUTCDay(), minute: shifted.getUTCHours() * 60 + shifted.getUTCMinutes() };
  }
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, format);
  }
  let day = 0;
  let hour = 0;
  let minute = 0;
  for (const part of format.formatToParts(new Date(now))) {
    if (part.type === 'weekday') day = WEEKDAY_INDEX[part.value] ?? 0;
    else if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { day, minute: hour * 60 + minute };
}

function minutes(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** Whether `now` falls in a weekly slot. Wall-clock times skipped or repeated by DST are simply what the clock reads. */
export function inRecurrence(recurrence: WeeklyRecurrence, now: number): boolean {
  const { day, minute } = wallClock(now, recurrence.timeZone);
  const days = new Set(recurrence.days.map((d) => DAYS_OF_WEEK.indexOf(d)));
  const start = minutes(recurrence.startTime);
  const end = minutes(recurrence.endTime);
  if (start < end) return days.has(day) && minute >= start && minute < end;
  return (days.has(day) && minute >= start) || (days.has((day + 6) % 7) && minute < end);
}

export function isWindowActive(window: MaintenanceWindow, now: number): boolean {
  if (now < Date.parse(window.startsAt)) return false;
  if (window.endsAt !== undefined && now >= Date.parse(window.endsAt)) return false;
  return window.recurrence ? inRecurrence(window.recurrence, now) : true;
}

/** The first active window (in the order given) whose matchers all match, if any. */
export function activeMaintenanceFor(windows: readonly MaintenanceWindow[], labels: LabelSet, now: number): MaintenanceWindow | undefined {
  return windows.find((w) => isWindowActive(w, now) && matchesAll(w.matchers, labels));
}
