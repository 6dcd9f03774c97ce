/** The figures of one analytics window that a bucket is computed from. */
export interface Figures {
  readonly total_events: number;
  readonly successful_deliveries: number;
  readonly failed_deliveries: number;
  readonly success_rate: number | null;
  readonly response_time_ms: { readonly samples: number; readonly avg: number | null };
}

/** Delivery figures of one time bucket. */
export interface Bucket {
  readonly volume: number;
  readonly successRate: number | null;
  readonly latencyMs: number | null;
}

const EMPTY: Figures = { total_events: 0, successful_deliveries: 0, failed_deliveries: 0, success_rate: null, response_time_ms: { samples: 0, avg: null } };

/**
 * The analytics API answers totals over the last N hours. Asked for nested windows (1, 2, …
 * n buckets back), the difference of neighbours is one bucket: this turns those cumulative
 * figures, innermost first, into per-bucket figures, oldest first (as a chart reads).
 */
export function bucketsFromCumulative(cumulative: readonly Figures[]): Bucket[] {
  const buckets = cumulative.map((current, i): Bucket => {
    const previous = i === 0 ? EMPTY : (cumulative[i - 1] ?? EMPTY);
    const successful = current.successful_deliveries - previous.successful_deliveries;
    const failed = current.failed_deliveries - previous.failed_deliveries;
    const samples = current.response_time_ms.samples - previous.response_time_ms.samples;
    const latencySum =
      (current.response_time_ms.avg ?? 0) * current.response_time_ms.samples - (previous.response_time_ms.avg ?? 0) * previous.response_time_ms.samples;
    return {
      volume: current.total_events - previous.total_events,
      successRate: successful + failed > 0 ? successful / (successful + failed) : null,
      latencyMs: samples > 0 ? latencySum / samples : null,
    };
  });
  return buckets.reverse();
}
