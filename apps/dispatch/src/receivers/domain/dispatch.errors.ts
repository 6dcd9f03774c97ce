export const DISPATCH_ERROR_CODES = ['INVALID', 'NOT_FOUND', 'ALREADY_EXISTS', 'FILE_MANAGED', 'IN_USE', 'VERSION_CONFLICT'] as const;
export type DispatchErrorCode = (typeof DISPATCH_ERROR_CODES)[number];

export interface FieldProblem {
  /** Dotted path in the request body or query, e.g. `settings.url` or `routes.1.matchers.0`. */
  readonly path: string;
  readonly message: string;
}

/** A management request refused for a stated reason; mapped to HTTP in one place (the API error filter). */
export class DispatchError extends Error {
  constructor(
    readonly code: DispatchErrorCode,
    message: string,
    readonly errors: readonly FieldProblem[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DispatchError';
  }

  static invalid(errors: readonly FieldProblem[], what = 'request'): DispatchError {
    return new DispatchError('INVALID', `invalid ${what}: ${errors.map((e) => `${e.path || '(body)'}: ${e.message}`).join('; ')}`, errors);
  }

  static notFound(kind: string, id: string): DispatchError {
    return new DispatchError('NOT_FOUND', `${kind} "${id}" not found`);
  }

  static fileManaged(kind: string, id: string): DispatchError {
    return new DispatchError(
      'FILE_MANAGED',
      `${kind} "${id}" is declared in the configuration file (HERALD_CONFIG_FILE, section dispatch) and is read-only in the API; change it in the file`,
    );
  }
}

export const HTTP_STATUS: Readonly<Record<DispatchErrorCode, number>> = {
  INVALID: 400,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  FILE_MANAGED: 409,
  IN_USE: 409,
  VERSION_CONFLICT: 409,
};

/** zod issues as field problems (paths dotted, prefixed when the value sits under a key). */
export function problemsOf(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>, prefix: readonly string[] = []): FieldProblem[] {
  return issues.map((i) => ({ path: [...prefix, ...i.path.map(String)].join('.'), message: i.message }));
}
