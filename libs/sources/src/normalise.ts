import { type SourceType } from '@herald/contracts';
import { lookup } from './core/maps.js';
import { type FieldError, type NormaliseContext, type NormaliseResult, type ValidationResult } from './core/types.js';
import { SOURCES } from './registry.js';

function unknownSource(source: string): { ok: false; errors: FieldError[] } {
  return { ok: false, errors: [{ path: '', message: `unknown source "${source}"` }] };
}

/** Checks a body against the source's schema without normalising it (ingestion's 400s). */
export function validateBody(source: SourceType, body: unknown): ValidationResult {
  const handler = lookup(SOURCES, source);
  return handler === undefined ? unknownSource(source) : handler.validate(body);
}

/**
 * Turns one raw body into canonical alerts. Never throws for any body: a bad one is
 * `ok: false` with every bad field named.
 */
export function normalise(source: SourceType, body: unknown, ctx: NormaliseContext): NormaliseResult {
  const handler = lookup(SOURCES, source);
  return handler === undefined ? unknownSource(source) : handler.normalise(body, ctx);
}

/**
 * How many alerts a body carries, without validating it: a batch's entries (Alertmanager,
 * Grafana, Prometheus), else one. For any body, valid or not, so refusals are counted too.
 */
export function countAlerts(source: SourceType, body: unknown): number {
  const handler = lookup(SOURCES, source);
  return handler === undefined ? 1 : handler.countAlerts(body);
}
