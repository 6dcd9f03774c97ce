import { type z } from 'zod';
import { type Check } from '@herald/contracts';
import { type FieldError, type ParseResult } from './types.js';

/** `['alerts', 0, 'labels']` -> `alerts[0].labels`; the empty path is the whole body. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

export function zodIssuesToFieldErrors(error: z.ZodError): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    const fieldError = { path: formatPath(issue.path), message: issue.message };
    const key = `${fieldError.path}\u0000${fieldError.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push(fieldError);
  }
  return errors;
}

/** Zod's default for a missing field ("expected string, received undefined") reads badly in a 400. */
const requiredMessage: z.core.$ZodErrorMap = (issue) =>
  issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined;

export function parseWith<S extends z.ZodType>(schema: S, body: unknown): ParseResult<z.output<S>> {
  const result = schema.safeParse(body, { error: requiredMessage });
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, errors: zodIssuesToFieldErrors(result.error) };
}

/**
 * `parseWith` for a busy source whose schema's output is its input (no transforms, defaults or
 * coercions): `check` is that schema compiled (`compiledCheck`), and a body it passes is the
 * value itself, not zod's copy of it (zod's parse of a hundred Prometheus alerts copied every
 * label map, key by key). A body it refuses goes to zod, for the errors naming the fields.
 * Unknown keys stay in the value (zod would strip them): the normaliser reads only its own.
 */
export function readWith<S extends z.ZodType>(check: Check, schema: S, body: unknown): ParseResult<z.output<S>> {
  return check(body) ? { ok: true, value: body as z.output<S> } : parseWith(schema, body);
}

/** Prefixes nested errors, e.g. when one schema validates a branch chosen by hand. */
export function prefixErrors(prefix: string, errors: readonly FieldError[]): FieldError[] {
  return errors.map((e) => ({ path: e.path === '' ? prefix : `${prefix}.${e.path}`, message: e.message }));
}
