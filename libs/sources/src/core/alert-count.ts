/**
 * How many alerts a payload carries, read without validating or normalising it, so a
 * refused payload is counted as well as an accepted one (ingestion's alert counter).
 * Never throws, for any body.
 */
export type AlertCounter = (body: unknown) => number;

/** Most sources send one event per request: it is one alert (or, once normalised, none). */
export const oneAlertPerPayload: AlertCounter = () => 1;

/**
 * A batch in an array field (`alerts[]` of Alertmanager and Grafana): one alert per entry.
 * A body without that array is still one payload refused or accepted, so it counts as one.
 */
export function entriesOfField(field: string): AlertCounter {
  return (body) => {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return 1;
    const entries: unknown = (body as Record<string, unknown>)[field];
    return Array.isArray(entries) ? entries.length : 1;
  };
}
