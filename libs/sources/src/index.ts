export {
  type FieldError,
  type NormaliseContext,
  type NormaliseResult,
  type SourceNotice,
  type ValidationResult,
} from './core/types.js';
export { countAlerts, normalise, validateBody } from './normalise.js';
export { DEFAULT_SEVERITY_MAPS, SOURCES } from './registry.js';
export { zodIssuesToFieldErrors } from './core/field-errors.js';
export { deterministicUuid } from './core/hashing.js';
export { labelSetFingerprint } from './core/fingerprint.js';
export { pagerDutyEvent, type PagerDutyEvent } from './pagerduty/pagerduty.schema.js';
export { type SourceHandler } from './core/source-definition.js';
