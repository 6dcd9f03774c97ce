import { AnalyticsError } from './analytics.errors.js';

export const MAX_PERIOD_DAYS = 90;
const HOUR_MS = 3_600_000;

/** The hours a query covers: the current UTC hour and the `hours − 1` before it. */
export interface PeriodWindow {
  readonly hours: number;
  /** Start of the first hour included. */
  readonly from: Date;
  readonly to: Date;
}

export function windowOf(hours: number, now: Date): PeriodWindow {
  const currentHour = now.getTime() - (now.getTime() % HOUR_MS);
  return { hours, from: new Date(currentHour - (hours - 1) * HOUR_MS), to: now };
}

/** `period_days`: whole days 1..90, default 7. */
export function parsePeriodDays(raw: unknown): number {
  if (raw === undefined || raw === '') return 7;
  if (typeof raw !== 'string' || !/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_PERIOD_DAYS) {
    throw new AnalyticsError('INVALID_QUERY', 'period_days', `period_days must be a whole number of days from 1 to ${MAX_PERIOD_DAYS}`);
  }
  return Number(raw);
}

/** `period`: `<n>h` or `<n>d`, from 1h to 90d, default 24h. Returns hours. */
export function parsePeriod(raw: unknown): number {
  if (raw === undefined || raw === '') return 24;
  const match = typeof raw === 'string' ? /^(\d{1,4})([hd])$/.exec(raw) : null;
  const hours = match ? Number(match[1]) * (match[2] === 'd' ? 24 : 1) : 0;
  if (hours < 1 || hours > MAX_PERIOD_DAYS * 24) {
    throw new AnalyticsError('INVALID_QUERY', 'period', `period must be <n>h or <n>d (e.g. 24h, 7d), from 1h to ${MAX_PERIOD_DAYS}d`);
  }
  return hours;
}

/** A receiver id as dispatch writes it (a subject token). */
export function parseReceiverId(raw: string): string {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(raw)) {
    throw new AnalyticsError('INVALID_QUERY', 'id', 'receiver id must be 1-128 letters, digits, "-" or "_"');
  }
  return raw;
}
