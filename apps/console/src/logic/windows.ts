/* Silences and maintenance windows from the console: their span, naming a window, and how to end one. */

/** The fields of a maintenance window the console writes back (dispatch's MaintenanceWindowConfig). */
export interface WindowSpec {
  readonly id: string;
  readonly matchers?: readonly string[] | undefined;
  readonly startsAt: string;
  readonly endsAt?: string | undefined;
  readonly recurrence?: unknown;
}

/** From now for `hours`: the span a new silence or maintenance window covers. */
export function fromNowFor(hours: number, now: number): { startsAt: string; endsAt: string } {
  return { startsAt: new Date(now).toISOString(), endsAt: new Date(now + hours * 3_600_000).toISOString() };
}

/** `Kernel upgrade db-1` → `kernel-upgrade-db-1`: a window's id from the name a person gives it. */
export function windowId(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 128);
}

export type EndWindow = { readonly method: 'PUT'; readonly body: WindowSpec } | { readonly method: 'DELETE' };

/**
 * Ending a one-off window that has started keeps it, with its end moved to now (so the list
 * still says when quiet time was); a window that has not started, or a weekly one, is removed.
 */
export function endWindow(window: WindowSpec, now: number): EndWindow {
  const started = Date.parse(window.startsAt) < now;
  if (!started || window.recurrence !== undefined) return { method: 'DELETE' };
  const { id, matchers, startsAt } = window;
  return { method: 'PUT', body: { id, matchers: matchers ?? [], startsAt, endsAt: new Date(now).toISOString() } };
}

/** Whether a window still has quiet time ahead of it (so the console offers to end it). */
export const windowIsOver = (window: WindowSpec, now: number): boolean => window.endsAt !== undefined && Date.parse(window.endsAt) <= now;
