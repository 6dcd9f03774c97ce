import type { FieldError } from '@herald/sources';

export const INGESTION_ERROR_CODES = [
  'INTEGRATION_NOT_FOUND',
  'UNAUTHENTICATED',
  'BAD_SIGNATURE',
  'INTEGRATION_DISABLED',
  'INVALID_BODY',
  'RATE_LIMITED',
  'UNAVAILABLE',
] as const;
export type IngestionErrorCode = (typeof INGESTION_ERROR_CODES)[number];

/** An alert refused for a stated reason; mapped to HTTP in one place (the error filter). */
export class IngestionError extends Error {
  constructor(
    readonly code: IngestionErrorCode,
    message: string,
    readonly details: { errors?: readonly FieldError[]; retryAfterSeconds?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'IngestionError';
  }
}

export const HTTP_STATUS: Readonly<Record<IngestionErrorCode, number>> = {
  INTEGRATION_NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  BAD_SIGNATURE: 401,
  INTEGRATION_DISABLED: 403,
  INVALID_BODY: 400,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};
