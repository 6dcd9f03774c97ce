import { type StatusClass } from '@herald/contracts';

/** How an attempt failed before a status code arrived, as the HTTP adapter classifies it. */
export const ATTEMPT_ERRORS = ['timeout', 'network', 'tls', 'blocked', 'other'] as const;
export type AttemptError = (typeof ATTEMPT_ERRORS)[number];

export interface AttemptClassification {
  readonly statusClass: StatusClass;
  readonly success: boolean;
  /** Worth retrying with the receiver's policy. */
  readonly recoverable: boolean;
  /** The endpoint says it is gone for good (410): stop sending to it. */
  readonly disableReceiver: boolean;
}

const RECOVERABLE_4XX: ReadonlySet<number> = new Set([408, 425, 429]);

const outcome = (statusClass: StatusClass, recoverable: boolean, extra: Partial<AttemptClassification> = {}): AttemptClassification => ({
  statusClass,
  success: false,
  recoverable,
  disableReceiver: false,
  ...extra,
});

/**
 * Success is 2xx. Retried: 408, 425, 429, 5xx, timeouts and network errors. Not retried:
 * other 4xx (the request itself is wrong), 3xx (redirects are not followed: a redirect could
 * lead past the address guard), TLS failures (a certificate problem does not heal in minutes;
 * the dead delivery can be replayed once fixed), a destination refused by the address guard,
 * and unclassified errors. When a status code arrived it decides, even if an error came
 * after it: the server has already acted on the request.
 */
export function classifyAttempt(attempt: { statusCode?: number; error?: AttemptError }): AttemptClassification {
  const { statusCode, error } = attempt;
  if (statusCode !== undefined) {
    if (statusCode >= 200 && statusCode < 300) return outcome('2xx', false, { success: true });
    if (statusCode >= 300 && statusCode < 400) return outcome('3xx', false);
    if (statusCode === 410) return outcome('4xx', false, { disableReceiver: true });
    if (statusCode >= 400 && statusCode < 500) return outcome('4xx', RECOVERABLE_4XX.has(statusCode));
    if (statusCode >= 500 && statusCode < 600) return outcome('5xx', true);
    return outcome('none', false);
  }
  switch (error) {
    case 'timeout':
      return outcome('timeout', true);
    case 'network':
      return outcome('network', true);
    case 'tls':
      return outcome('network', false);
    case 'blocked':
    case 'other':
    case undefined:
      return outcome('none', false);
  }
}
