/** One counter row: requests for one integration and source that ended one way. */
export interface StatsRow {
  /** `''` when the request named no known integration. */
  readonly integrationId: string;
  /** A source type, or `unknown` when the integration was never identified. */
  readonly source: string;
  /** `accepted` or a rejection reason. */
  readonly outcome: string;
  readonly requests: number;
  readonly durationSecondsSum: number;
}

export interface HealthFigures {
  received: number;
  accepted: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  /** accepted / received, 0..1; null before the first request. */
  successRate: number | null;
  /** Mean time to answer, accepted and refused requests alike; null before the first request. */
  averageLatencyMs: number | null;
}

/** Healthy at 95 % accepted or more (or before any request), degraded from 80 %, unhealthy below. */
export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

export function healthStatus(successRate: number | null): HealthStatus {
  if (successRate === null || successRate >= 0.95) return 'healthy';
  return successRate >= 0.8 ? 'degraded' : 'unhealthy';
}

/** Percent with two decimals, as seed 002 shows it; null before the first request. */
const percent = (rate: number | null): number | null => (rate === null ? null : Math.round(rate * 10_000) / 100);

export interface HealthReport {
  /** Seed 002's fields: overall status, `global` totals with `successRate` in percent, and `byType` (source type, upper case). */
  status: HealthStatus;
  global: { totalReceived: number; totalSuccess: number; totalErrors: number; successRate: number | null; averageLatencyMs: number | null };
  byType: Record<string, { successRate: number | null }>;
  total: HealthFigures;
  bySource: Record<string, HealthFigures>;
  byIntegration: Record<string, HealthFigures & { source: string }>;
}

interface Sums {
  received: number;
  accepted: number;
  rejectedByReason: Map<string, number>;
  seconds: number;
}

const empty = (): Sums => ({ received: 0, accepted: 0, rejectedByReason: new Map(), seconds: 0 });

function add(sums: Sums, row: StatsRow): void {
  sums.received += row.requests;
  sums.seconds += row.durationSecondsSum;
  if (row.outcome === 'accepted') sums.accepted += row.requests;
  else sums.rejectedByReason.set(row.outcome, (sums.rejectedByReason.get(row.outcome) ?? 0) + row.requests);
}

function figures(sums: Sums): HealthFigures {
  const rejectedByReason = Object.fromEntries([...sums.rejectedByReason].filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b)));
  return {
    received: sums.received,
    accepted: sums.accepted,
    rejected: sums.received - sums.accepted,
    rejectedByReason,
    successRate: sums.received === 0 ? null : Math.round((sums.accepted / sums.received) * 10_000) / 10_000,
    averageLatencyMs: sums.received === 0 ? null : Math.round((sums.seconds / sums.received) * 1_000_000) / 1_000,
  };
}

/** Folds counter rows (several per key are summed) into totals, per source and per integration. */
export function healthReport(rows: readonly StatsRow[]): HealthReport {
  const total = empty();
  const bySource = new Map<string, Sums>();
  const byIntegration = new Map<string, { source: string; sums: Sums }>();
  for (const row of rows) {
    add(total, row);
    const source = bySource.get(row.source) ?? empty();
    bySource.set(row.source, source);
    add(source, row);
    if (row.integrationId === '') continue;
    const integration = byIntegration.get(row.integrationId) ?? { source: row.source, sums: empty() };
    byIntegration.set(row.integrationId, integration);
    add(integration.sums, row);
  }
  const totals = figures(total);
  const sources = [...bySource].sort(([a], [b]) => a.localeCompare(b)).map(([s, sums]) => [s, figures(sums)] as const);
  return {
    status: healthStatus(totals.successRate),
    global: {
      totalReceived: totals.received,
      totalSuccess: totals.accepted,
      totalErrors: totals.rejected,
      successRate: percent(totals.successRate),
      averageLatencyMs: totals.averageLatencyMs,
    },
    byType: Object.fromEntries(sources.map(([s, f]) => [s.toUpperCase(), { successRate: percent(f.successRate) }])),
    total: totals,
    bySource: Object.fromEntries(sources),
    byIntegration: Object.fromEntries(
      [...byIntegration].sort(([a], [b]) => a.localeCompare(b)).map(([id, i]) => [id, { source: i.source, ...figures(i.sums) }]),
    ),
  };
}
