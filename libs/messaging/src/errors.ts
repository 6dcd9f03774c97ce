/**
 * A failure that will never succeed on retry (malformed input, a rule violation).
 * The consumer runner dead-letters the message instead of retrying it.
 */
export class PermanentError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentError';
    this.code = code;
  }
}
