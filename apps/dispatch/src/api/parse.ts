import type { z } from 'zod';
import { DispatchError, problemsOf } from '../receivers/domain/dispatch.errors.js';

/** Parses a query string (or any request part) with its schema; a problem is a 400 naming the field. */
export function parseQuery<S extends z.ZodType>(schema: S, value: unknown, part = 'query'): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw DispatchError.invalid(problemsOf(parsed.error.issues), part);
  return parsed.data;
}
