import { pino, type Logger } from 'pino';
import { currentContext } from './context.js';

export type { Logger } from 'pino';

/**
 * Structured JSON logs on stdout. Every line carries the service and, inside a
 * unit of work, its correlation id and trace id.
 */
export function createLogger(service: string, level: string): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const context = currentContext();
      if (!context) return {};
      return { correlationId: context.correlationId, traceId: context.traceparent.slice(3, 35) };
    },
    redact: {
      paths: ['*.authorization', '*.Authorization', '*.secret', '*.password', '*.token', 'headers.authorization', 'headers["x-webhook-secret"]'],
      censor: '[redacted]',
    },
  });
}
