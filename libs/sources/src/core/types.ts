import { type AlertAction, type CanonicalAlert, type DedupScope, type Link, type Severity } from '@herald/contracts';

/** One bad field: `path` like `alerts[0].labels` or `routing_key`; `""` means the whole body. */
export interface FieldError {
  path: string;
  message: string;
}

export interface NormaliseContext {
  /** Uuid of the raw envelope. */
  rawId: string;
  integrationId: string;
  /** ISO time Herald received the request. */
  receivedAt: string;
  /** Request headers, lower-case names. */
  headers: Record<string, string>;
  /** Canonical alert id for the index-th alert of this envelope (deterministic upstream). */
  makeId: (index: number) => string;
  /** Per-integration override of the source's severity map: source value -> severity. */
  severityMap?: Partial<Record<string, Severity>>;
  /**
   * `integration` (the default): a dedup key means something only within its integration,
   * as PagerDuty scopes it to the routing key. `global`: the integration opted in to
   * sharing incidents with every other global integration that sends the same key.
   */
  dedupScope?: DedupScope | undefined;
}

/** Something the caller must act on besides alerts (e.g. confirm an SNS subscription). */
export type SourceNotice = {
  kind: 'sns-subscription-confirmation';
  subscribeUrl: string;
  topicArn: string;
};

export type NormaliseResult =
  | { ok: true; alerts: CanonicalAlert[]; notice?: SourceNotice }
  | { ok: false; errors: FieldError[] };

export type ValidationResult = { ok: true } | { ok: false; errors: FieldError[] };

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/**
 * A canonical alert before the envelope facts (ids, times, source) are added and the
 * length limits applied. Normalisers produce drafts; `finalise` makes them canonical.
 */
export interface AlertDraft {
  action: AlertAction;
  dedupKey: string;
  severity: Severity;
  summary: string | undefined;
  service?: string | undefined;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  details?: Record<string, unknown>;
  links?: ReadonlyArray<{ href: string | null | undefined; text?: string | undefined }>;
  /** Already normalised by `isoTime`/`epochTime`; undefined falls back to receivedAt. */
  occurredAt?: string | undefined;
  endsAt?: string | undefined;
}

export interface SourceOutcome {
  drafts: AlertDraft[];
  notice?: SourceNotice;
}

export type { Link };
