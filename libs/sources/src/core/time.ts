// Times are parsed by hand: Date.parse reads zone-less strings as local time and its
// leniency differs between engines. Output is always UTC `toISOString()`.
const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `month` from 1; arithmetic, not a Date: this runs for every time of every alert. */
function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

/** Milliseconds to ISO; times at or before 1970 (Go's zero time "0001-01-01") mean "not set". */
export function fromMillis(ms: number): string | undefined {
  if (!Number.isFinite(ms) || ms <= 0 || ms > MAX_MS) return undefined;
  return new Date(Math.trunc(ms)).toISOString();
}

/**
 * RFC 3339 / ISO 8601 date-time (also `+0000` offsets and a space separator) to UTC ISO.
 * A time without a zone is taken as UTC, which is what the tools that omit it mean.
 */
export function isoTime(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = ISO_TIME.exec(value.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s ?? '0');
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = Number((frac ?? '').padEnd(3, '0').slice(0, 3));
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  return fromMillis(utc - offsetMinutes(zone) * 60_000);
}

const NUMERIC = /^\d+(\.\d+)?$/;

/** Unix time as a number or numeric string, in the unit the source documents. */
export function epochTime(value: unknown, unit: 's' | 'ms'): string | undefined {
  let n: number | undefined;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && NUMERIC.test(value.trim())) n = Number(value.trim());
  if (n === undefined) return undefined;
  return fromMillis(unit === 's' ? n * 1000 : n);
}

/** Either an ISO time or a Unix time in `unit`. */
export function anyTime(value: unknown, unit: 's' | 'ms'): string | undefined {
  return isoTime(value) ?? epochTime(value, unit);
}

export function isValidTime(value: string): boolean {
  return isoTime(value) !== undefined;
}
