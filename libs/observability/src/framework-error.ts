import { HttpException } from '@nestjs/common';

/** Codes for errors raised by the framework itself (guards, routing, Fastify body checks). */
export const FRAMEWORK_ERROR_CODES: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** The HTTP status an error carries (Nest HttpException or Fastify's `statusCode`), else 500. */
export function httpStatusOf(error: unknown): number {
  if (error instanceof HttpException) return error.getStatus();
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

/**
 * The JSON answer for an error no domain mapping claimed: a stable code, the message
 * for client errors, and nothing internal for server errors. `codes` overrides codes
 * per status (e.g. 400 → an app's own INVALID_REQUEST).
 */
export function frameworkErrorAnswer(
  error: unknown,
  codes: Readonly<Record<number, string>> = {},
): { status: number; body: { error: string; message: string } } {
  const status = httpStatusOf(error);
  const code = codes[status] ?? FRAMEWORK_ERROR_CODES[status] ?? (status < 500 ? 'BAD_REQUEST' : 'INTERNAL');
  const message = status < 500 && error instanceof Error ? error.message : 'internal error';
  return { status, body: { error: code, message } };
}
