import { type AlertAction, type Severity, type SourceType } from '@herald/contracts';

/** One alert a wire sample must normalise to; `dedupKey` is the source's key, before integration scoping. */
export interface ExpectedAlert {
  readonly action: AlertAction;
  readonly severity: Severity;
  readonly dedupKey: string;
}

/** A request exactly as a tool sends it by default. */
export interface WireSample {
  readonly name: string;
  /** Headers the tool sends besides `Content-Type` (lower-case names), e.g. `x-github-event`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Defaults to `application/json`. */
  readonly contentType?: string;
  /** The body bytes, as sent. */
  readonly body: string;
  /** The tool's own API path Herald speaks (Opsgenie's, say), when the tool posts there and not to `/v1/webhooks/<id>`. */
  readonly path?: string;
  /** The body ingestion records when the path carries facts the body lacks (which alert to close). */
  readonly recorded?: unknown;
  /** The alerts it means, in order; empty when the tool says nothing Herald acts on. */
  readonly expect: readonly ExpectedAlert[];
}

/**
 * A source's wire samples, in the order a tool would send them: the first opens an
 * incident, the last closes it.
 */
export interface WireSamples {
  readonly source: SourceType;
  /** Where the shape comes from: the tool's documentation or source. */
  readonly origin: string;
  readonly samples: readonly WireSample[];
}

/** Pretty JSON, as most tools render their templates. */
export function jsonBody(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
