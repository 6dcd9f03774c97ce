/** What an $EVENT_TITLE says: `[P2] [Triggered on {host:web-04}] Checkout error rate`. */
export interface DatadogTitle {
  /** Triggered, Recovered, Warn, No Data, Renotify (a `Re-` prefix dropped), lower-case. */
  readonly transition: string | undefined;
  /** The monitor group, e.g. `{host:web-04}`; absent for a simple alert. */
  readonly scope: string | undefined;
  /** The monitor name. */
  readonly name: string;
}

const TITLE = /^\s*(?:\[P\d\]\s*)?\[(?:Re-)?(Triggered|Recovered|Warn|No Data|Renotify)(?: on (.+?))?\]\s*(.*)$/i;

/** Reads a Datadog monitor notification title; a title of another shape is all name. */
export function parseDatadogTitle(title: string): DatadogTitle {
  const match = TITLE.exec(title);
  if (!match) return { transition: undefined, scope: undefined, name: title.trim() };
  const [, transition, scope, name] = match;
  return { transition: transition?.toLowerCase(), scope: scope?.trim() || undefined, name: name?.trim() || title.trim() };
}

/**
 * The alert a default-payload notification is about: one monitor and one group. The
 * transition is left out so `[Triggered on X] M` and `[Recovered on X] M` share a key.
 */
export function titleDedupKey(title: DatadogTitle): string {
  return title.scope === undefined ? `datadog:${title.name}` : `datadog:${title.name} on ${title.scope}`;
}

/** The $ALERT_TYPE a transition implies when the payload does not carry one. */
export const TRANSITION_ALERT_TYPE: Readonly<Record<string, string>> = {
  triggered: 'error',
  renotify: 'error',
  warn: 'warning',
  'no data': 'warning',
  recovered: 'success',
};
