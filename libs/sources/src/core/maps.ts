import { z } from 'zod';

/** Label and annotation values: tools send numbers and booleans too; null means absent. */
export const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()], {
  error: 'must be a string, number, boolean or null',
});
export const ScalarMap = z.record(z.string(), Scalar);
export type ScalarMap = z.infer<typeof ScalarMap>;

/** Stringifies scalars and drops nulls. Object.fromEntries keeps a "__proto__" key as data. */
export function toStringMap(input: ScalarMap | null | undefined): Record<string, string> {
  if (!input) return {};
  return Object.fromEntries(
    Object.entries(input).flatMap(([key, value]) => (value === null ? [] : [[key, String(value)]])),
  );
}

/** Keeps only the entries with a defined value, so optional facts do not show up as keys. */
export function compact<T>(record: Record<string, T | null | undefined>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(record).filter((entry): entry is [string, T] => entry[1] !== undefined && entry[1] !== null),
  );
}

/** Same as `compact`, also dropping blank strings (unset template variables). */
export function compactText(record: Record<string, string | null | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record).flatMap(([key, value]) =>
      typeof value === 'string' && value.trim() !== '' ? [[key, value.trim()]] : [],
    ),
  );
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own-property lookup: a payload value like "constructor" must not reach Object.prototype. */
export function lookup<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
