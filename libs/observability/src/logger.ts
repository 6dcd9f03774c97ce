import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Structured JSON logs on stdout. Every line carries the service; a line about a unit of
 * work carries its correlation id and trace id, which the caller adds (`logContext`).
 */
export function createLogger(service: string, level: string): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      paths: ['*.authorization', '*.Authorization', '*.secret', '*.password', '*.token', 'headers.authorization', 'headers["x-webhook-secret"]'],
      censor: '[redacted]',
    },
  });
}
