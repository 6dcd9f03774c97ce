export const ANALYTICS_ERROR_CODES = ['INVALID_QUERY'] as const;
export type AnalyticsErrorCode = (typeof ANALYTICS_ERROR_CODES)[number];

/** A request the analytics API refuses; mapped to HTTP in one place (the error filter). */
export class AnalyticsError extends Error {
  constructor(
    readonly code: AnalyticsErrorCode,
    /** The query or path parameter at fault. */
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'AnalyticsError';
  }
}
