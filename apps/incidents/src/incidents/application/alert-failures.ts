import { classifyFailure, PermanentError, sqlState } from '@herald/messaging';

/** An alert of a message that failed on its own, retried alone. */
export interface FailedAlert {
  readonly alertId: string;
  readonly error: unknown;
}

/**
 * The error a message fails with when some of its alerts failed alone and the others were
 * recorded: it names the failed alerts (the dead-letter reason says which alert of the copy
 * to look at) and keeps the class of their failures for the consumer runner: permanent only
 * if every one of them is (the message is dead-lettered at once), else a plain error (retried,
 * counted toward the dead-letter limit; the alerts already recorded are then duplicates).
 * Pure.
 */
export function alertFailure(failed: readonly FailedAlert[], alerts: number): Error {
  const [first] = failed;
  if (!first) throw new Error('no alert failed');
  const others = failed.length > 1 ? ` (and ${failed.slice(1, 6).map((f) => f.alertId).join(', ')}${failed.length > 6 ? ', …' : ''})` : '';
  const message = `${failed.length} of ${alerts} alerts failed, the others are recorded; alert ${first.alertId}${others}: ${messageOf(first.error)}`;
  if (failed.every((f) => classifyFailure(f.error) === 'permanent')) {
    return new PermanentError(codeOf(first.error), message, { cause: first.error });
  }
  return new Error(message, { cause: first.error });
}

function codeOf(error: unknown): string {
  if (error instanceof PermanentError) return error.code;
  const state = sqlState(error);
  return state ? `SQLSTATE ${state}` : 'ALERT_FAILED';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
