import type { Logger as PinoLogger } from 'pino';
import type { Logger as TypeOrmLogger } from 'typeorm';

/** Longest query text a log line carries: enough to recognise the statement, never a whole batch. */
const QUERY_CHARS = 200;

/**
 * TypeORM's log output through the service's one pino logger: JSON lines with the redaction
 * rules, instead of TypeORM's multi-line console text. Query parameters are never logged:
 * they hold incident snapshots and delivery requests (with their headers, so secrets).
 * Query errors go at debug: the caller gets the error and logs (or summarises) it itself, so
 * during an outage each failure is not printed twice.
 */
export class PinoTypeOrmLogger implements TypeOrmLogger {
  constructor(private readonly logger: PinoLogger) {}

  /** `_parameters` is declared to say it is ignored on purpose: parameters are never logged. */
  logQuery(query: string, _parameters?: unknown): void {
    this.logger.trace({ query: clip(query) }, 'query');
  }

  logQueryError(error: string | Error, query: string, _parameters?: unknown): void {
    const err = typeof error === 'string' ? { message: error } : { message: error.message, code: (error as { code?: unknown }).code };
    this.logger.debug({ query: clip(query), error: err }, 'query failed');
  }

  logQuerySlow(time: number, query: string, _parameters?: unknown): void {
    this.logger.warn({ query: clip(query), ms: time }, 'slow query');
  }

  logSchemaBuild(message: string): void {
    this.logger.debug({ typeorm: 'schema' }, message);
  }

  logMigration(message: string): void {
    this.logger.info({ typeorm: 'migration' }, message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    if (level === 'warn') this.logger.warn({ typeorm: 'driver' }, text);
    else this.logger.debug({ typeorm: 'driver' }, text);
  }
}

function clip(query: string): string {
  const oneLine = query.replace(/\s+/g, ' ').trim();
  return oneLine.length > QUERY_CHARS ? `${oneLine.slice(0, QUERY_CHARS)}…` : oneLine;
}
