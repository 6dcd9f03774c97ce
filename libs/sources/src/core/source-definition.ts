import { type Severity, type SourceType } from '@herald/contracts';
import { oneAlertPerPayload, type AlertCounter } from './alert-count.js';
import { finalise } from './finalise.js';
import { severityResolver, type SeverityResolver } from './severity.js';
import {
  type NormaliseContext,
  type NormaliseResult,
  type ParseResult,
  type SourceOutcome,
  type ValidationResult,
} from './types.js';

/** What one source format contributes: how to read its payload and what it means. */
export interface SourceDefinition<T> {
  readonly source: SourceType;
  /** The source's own severity values (lower-case) to Herald severities. */
  readonly severityMap: Readonly<Record<string, Severity>>;
  readonly parse: (body: unknown) => ParseResult<T>;
  readonly toAlerts: (payload: T, ctx: NormaliseContext, severity: SeverityResolver) => SourceOutcome;
  /** Alerts in a body, valid or not (ingestion's count at the door); one per payload unless a batch. */
  readonly countAlerts?: AlertCounter;
}

/** A source with its payload type erased, so every source fits one registry. */
export interface SourceHandler {
  readonly source: SourceType;
  readonly severityMap: Readonly<Record<string, Severity>>;
  validate(body: unknown): ValidationResult;
  normalise(body: unknown, ctx: NormaliseContext): NormaliseResult;
  countAlerts: AlertCounter;
}

export function defineSource<T>(definition: SourceDefinition<T>): SourceHandler {
  return {
    source: definition.source,
    severityMap: definition.severityMap,
    countAlerts: definition.countAlerts ?? oneAlertPerPayload,
    validate(body) {
      const parsed = definition.parse(body);
      return parsed.ok ? { ok: true } : parsed;
    },
    normalise(body, ctx) {
      const parsed = definition.parse(body);
      if (!parsed.ok) return parsed;
      const severity = severityResolver(definition.severityMap, ctx.severityMap);
      const outcome = definition.toAlerts(parsed.value, ctx, severity);
      const result = finalise(definition.source, outcome.drafts, ctx);
      if (!result.ok || outcome.notice === undefined) return result;
      return { ...result, notice: outcome.notice };
    },
  };
}
