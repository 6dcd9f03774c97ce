import { quantile, round } from './stats.js';

/**
 * When one steady alert passed each point of its way, in epoch milliseconds: its POST started
 * (`sent`), ALERTS stored it, INCIDENTS stored its incident's event, routing created its job,
 * its attempt started, the receiver had it. A point not seen is absent.
 */
export interface AlertTimeline {
  readonly sent: number;
  readonly alerts?: number | undefined;
  readonly incidents?: number | undefined;
  readonly routed?: number | undefined;
  readonly sending?: number | undefined;
  readonly received?: number | undefined;
}

type Point = keyof AlertTimeline;

/** The hops, each from one point to the next, and the whole way. */
export const HOPS: ReadonlyArray<readonly [name: string, from: Point, to: Point]> = [
  ['post_to_alerts_stream', 'sent', 'alerts'],
  ['alerts_to_incidents_stream', 'alerts', 'incidents'],
  ['incidents_to_routed', 'incidents', 'routed'],
  ['routed_to_attempt', 'routed', 'sending'],
  ['attempt_to_receiver', 'sending', 'received'],
  ['post_to_receiver', 'sent', 'received'],
];

export interface HopFigures {
  readonly alerts: number;
  readonly p50_ms: number;
  readonly p90_ms: number;
  readonly p99_ms: number;
}

/** p50 / p90 / p99 of each hop over the alerts that have both of its points. */
export function hopQuantiles(timelines: readonly AlertTimeline[]): Record<string, HopFigures> {
  const out: Record<string, HopFigures> = {};
  for (const [name, from, to] of HOPS) {
    const spans = timelines
      .map((t) => (t[from] !== undefined && t[to] !== undefined ? t[to] - t[from] : undefined))
      .filter((d): d is number => d !== undefined)
      .sort((a, b) => a - b);
    out[name] = { alerts: spans.length, p50_ms: round(quantile(spans, 0.5), 2), p90_ms: round(quantile(spans, 0.9), 2), p99_ms: round(quantile(spans, 0.99), 2) };
  }
  return out;
}

/** A JetStream message's stored time (RFC 3339, up to nanoseconds) in epoch milliseconds, fraction kept. */
export function streamTimeMs(timestamp: string): number {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(timestamp);
  if (!match) throw new Error(`not an RFC 3339 time: ${timestamp}`);
  return Date.parse(`${match[1]}${match[3]}`) + Number(`0.${match[2] ?? '0'}`) * 1_000;
}
