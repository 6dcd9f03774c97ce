// Time arithmetic on the ISO strings carried by commands and events. Nothing here reads a clock.

const ms = (iso: string): number => Date.parse(iso);

export const addSeconds = (iso: string, seconds: number): string =>
  new Date(ms(iso) + seconds * 1000).toISOString();

export const secondsBetween = (from: string, to: string): number => (ms(to) - ms(from)) / 1000;

/** `a` is at or after `b`, comparing instants (offsets may differ). */
export const notBefore = (a: string, b: string): boolean => ms(a) >= ms(b);

/** The earliest of some instants, as given; undefined when there are none. */
export const earliest = (instants: readonly (string | undefined)[]): string | undefined =>
  instants.reduce<string | undefined>(
    (min, t) => (t === undefined || (min !== undefined && ms(min) <= ms(t)) ? min : t),
    undefined,
  );
