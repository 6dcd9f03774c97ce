/** Marks text that was cut to fit a platform limit. */
export const ELLIPSIS = '…';

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/**
 * Cuts `text` to at most `max` UTF-16 code units, ending with `marker` when cut.
 * Never splits a surrogate pair. Platforms count "characters" as code points or
 * code units; a code-unit bound satisfies both.
 */
export function truncate(text: string, max: number, marker: string = ELLIPSIS): string {
  if (max <= 0) return '';
  if (text.length <= max) return text;
  const mark = marker.length < max ? marker : '';
  let end = max - mark.length;
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return text.slice(0, end) + mark;
}

/**
 * The longest `escape(truncate(raw, n))` that is at most `max` long. Escaping
 * first and cutting after could split an entity (`&am…`); this cuts the raw text.
 */
export function fitEscaped(
  raw: string,
  max: number,
  escape: (text: string) => string,
  marker: string = ELLIPSIS,
): string {
  const whole = escape(raw);
  if (whole.length <= max) return whole;
  let low = 0;
  let high = Math.min(raw.length, max);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (escape(truncate(raw, mid, marker)).length <= max) low = mid;
    else high = mid - 1;
  }
  return escape(truncate(raw, low, marker));
}

/** Size in bytes of `text` as UTF-8, the unit of request-size limits. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** "…and 3 more", or '' when nothing was left out. */
export function andMore(count: number): string {
  return count > 0 ? `${ELLIPSIS}and ${count} more` : '';
}

/** Keeps the first `max` items and says how many were dropped. */
export function takeFirst<T>(items: readonly T[], max: number): { items: T[]; more: number } {
  return { items: items.slice(0, max), more: Math.max(0, items.length - max) };
}
