import { SEVERITIES, type Severity } from '@herald/contracts';

/** Looks a source's own severity value up; unknown and absent values get the fallback. */
export type SeverityResolver = (value: string | null | undefined, fallback: Severity) => Severity;

function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

export function severityResolver(
  defaults: Readonly<Record<string, Severity>>,
  overrides: Partial<Record<string, Severity>> | undefined,
): SeverityResolver {
  // A Map, not an object: a source value like "constructor" must not hit Object.prototype.
  const table = new Map<string, Severity>();
  for (const [key, severity] of Object.entries(defaults)) table.set(key.toLowerCase(), severity);
  for (const [key, severity] of Object.entries(overrides ?? {})) {
    if (isSeverity(severity)) table.set(key.trim().toLowerCase(), severity);
  }
  return (value, fallback) => {
    if (typeof value !== 'string') return fallback;
    return table.get(value.trim().toLowerCase()) ?? fallback;
  };
}
