import type { SourceType } from '@herald/contracts';
import type { FieldError } from '@herald/sources';

export const INGESTION_ERROR_CODES = [
  'INTEGRATION_NOT_FOUND',
  'UNAUTHENTICATED',
  'BAD_SIGNATURE',
  'INTEGRATION_DISABLED',
  'INVALID_BODY',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'NOT_PUBLISHABLE',
  'INVALID_REQUEST',
  'INTEGRATION_EXISTS',
  'INTEGRATION_MANAGED_BY_FILE',
] as const;
export type IngestionErrorCode = (typeof INGESTION_ERROR_CODES)[number];

/** Which integration a refused alert was meant for, as far as it was known. */
export interface RefusedFor {
  readonly source?: SourceType;
  readonly integrationId?: string;
}

/** A request refused for a stated reason; mapped to HTTP in one place (the error filter). */
export class IngestionError extends Error {
  constructor(
    readonly code: IngestionErrorCode,
    message: string,
    readonly details: { errors?: readonly FieldError[]; retryAfterSeconds?: number } = {},
    options?: { cause?: unknown; refusedFor?: RefusedFor },
  ) {
    super(message, options);
    this.name = 'IngestionError';
    this.refusedFor = options?.refusedFor ?? {};
  }

  readonly refusedFor: RefusedFor;
}

export const HTTP_STATUS: Readonly<Record<IngestionErrorCode, number>> = {
  INTEGRATION_NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  BAD_SIGNATURE: 401,
  INTEGRATION_DISABLED: 403,
  INVALID_BODY: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  NOT_PUBLISHABLE: 500,
  INVALID_REQUEST: 400,
  INTEGRATION_EXISTS: 409,
  INTEGRATION_MANAGED_BY_FILE: 409,
};

/** Why an alert request was refused: the bounded `reason` label of the rejection metrics. */
export const REJECT_REASONS = [
  'not_found',
  'unauthenticated',
  'bad_signature',
  'disabled',
  'invalid_body',
  'unsupported_media_type',
  'payload_too_large',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

const REASON_OF_CODE: Partial<Record<IngestionErrorCode, RejectReason>> = {
  INTEGRATION_NOT_FOUND: 'not_found',
  UNAUTHENTICATED: 'unauthenticated',
  BAD_SIGNATURE: 'bad_signature',
  INTEGRATION_DISABLED: 'disabled',
  INVALID_BODY: 'invalid_body',
  INVALID_REQUEST: 'invalid_body',
  UNSUPPORTED_MEDIA_TYPE: 'unsupported_media_type',
  PAYLOAD_TOO_LARGE: 'payload_too_large',
  RATE_LIMITED: 'rate_limited',
  UNAVAILABLE: 'unavailable',
};

/** The reason for a refusal, from Herald's code or, for the framework's own refusals, the status. */
export function rejectReason(code: IngestionErrorCode | undefined, status: number): RejectReason {
  const byCode = code === undefined ? undefined : REASON_OF_CODE[code];
  if (byCode) return byCode;
  if (status === 413) return 'payload_too_large';
  if (status === 415) return 'unsupported_media_type';
  if (status === 404) return 'not_found';
  if (status === 401) return 'unauthenticated';
  if (status === 429) return 'rate_limited';
  if (status === 503) return 'unavailable';
  return status < 500 ? 'invalid_body' : 'internal';
}
