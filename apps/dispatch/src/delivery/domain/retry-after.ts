/**
 * Largest delay `parseRetryAfter` reports. Only a sanity bound against absurd or overflowing
 * values; the retry policy applies its own, lower ceiling when it schedules the retry.
 */
export const RETRY_AFTER_MAX_MS = 24 * 3600 * 1000;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH = `(${MONTHS.join('|')})`;
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
// The three HTTP-date forms of RFC 9110 §5.6.7: IMF-fixdate, obsolete RFC 850, asctime.
const IMF_FIXDATE = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC_850 = new RegExp(`^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${MONTH} ( \\d|\\d{2}) ${TIME} (\\d{4})$`);
const DELTA_SECONDS = /^(-?)(\d+)(?:\.\d+)?$/;

function utc(year: number, month: string, day: string, hh: string, mm: string, ss: string): number | undefined {
  const m = MONTHS.indexOf(month);
  const d = Number(day);
  const [h, min, s] = [Number(hh), Number(mm), Number(ss)];
  if (h > 23 || min > 59 || s > 60) return undefined;
  const time = Date.UTC(year, m, d, h, min, Math.min(s, 59));
  // Date.UTC rolls 31 Feb over into March; a date that does not round-trip is not a date.
  return new Date(time).getUTCDate() === d ? time : undefined;
}

/** Epoch milliseconds of an HTTP-date, or undefined when the text is not one. */
export function parseHttpDate(text: string, now: number): number | undefined {
  let m = IMF_FIXDATE.exec(text);
  if (m) return utc(Number(m[3]), m[2]!, m[1]!, m[4]!, m[5]!, m[6]!);
  m = RFC_850.exec(text);
  if (m) {
    // RFC 9110: a two-digit year more than 50 years ahead means the most recent past such year.
    const thisYear = new Date(now).getUTCFullYear();
    let year = Math.floor(thisYear / 100) * 100 + Number(m[3]);
    if (year > thisYear + 50) year -= 100;
    return utc(year, m[2]!, m[1]!, m[4]!, m[5]!, m[6]!);
  }
  m = ASCTIME.exec(text);
  if (m) return utc(Number(m[6]), m[1]!, m[2]!.trim(), m[3]!, m[4]!, m[5]!);
  return undefined;
}

/**
 * Delay in milliseconds asked for by a `Retry-After` header: delta-seconds or an HTTP-date.
 * A negative delta or a date already past gives 0; fractional seconds (not in the RFC, but
 * sent) round up; anything unparseable gives undefined so the policy's own delay applies.
 */
export function parseRetryAfter(header: string | undefined, now: number): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (text === '') return undefined;
  const delta = DELTA_SECONDS.exec(text);
  if (delta) {
    if (delta[1] === '-') return 0;
    return Math.min(Math.ceil(Number(text) * 1000), RETRY_AFTER_MAX_MS);
  }
  const at = parseHttpDate(text, now);
  if (at === undefined) return undefined;
  return Math.min(Math.max(0, at - now), RETRY_AFTER_MAX_MS);
}
