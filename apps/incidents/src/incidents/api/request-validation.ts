import type { z } from 'zod';

export interface FieldError {
  /** `by`, `labels.team`, `status[1]`; empty for the whole body. */
  readonly path: string;
  readonly message: string;
}

/** A request whose body, query or path does not validate; answered 400 with the fields named. */
export class RequestValidationError extends Error {
  readonly code = 'INVALID_REQUEST';
  override readonly name = 'RequestValidationError';

  constructor(
    readonly part: 'body' | 'query' | 'path',
    readonly errors: readonly FieldError[],
  ) {
    super(`invalid ${part}: ${errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ')}`);
  }
}

/** Parses with zod or throws a RequestValidationError naming every bad field. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, part: RequestValidationError['part']): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new RequestValidationError(
    part,
    result.error.issues.slice(0, 20).map((issue) => ({
      path: issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : formatPath(issue.path),
      message: issue.code === 'unrecognized_keys' ? 'is not a known field' : issue.message,
    })),
  );
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}
