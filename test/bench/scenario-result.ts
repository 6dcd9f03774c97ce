import { type SystemName } from './bench-receiver.js';
import { type DeliveryOutcome } from './delivery-ledger.js';
import { type ResourceUsage } from './resource-monitor.js';
import { quantile, round } from './stats.js';

/** The process label under which the bench's own load generator and receiver are counted. */
export const BENCH_PROCESS = 'bench';
/** Labels that are not one of the system's own services. */
export const SHARED_PROCESSES: ReadonlySet<string> = new Set([BENCH_PROCESS, 'nats-server', 'postgres']);

/** One scenario on one system: what the JSON line carries and the tables are made of. */
export interface ScenarioResult {
  readonly system: SystemName;
  /** `burst-<size>` or `steady`. */
  readonly scenario: string;
  readonly kind: 'burst' | 'steady' | 'grouped';
  /** The acceptance burst run again: its round (2, 3, …); null for a scenario's first run. */
  readonly round: number | null;
  readonly alerts: number;
  readonly delivered: number;
  /** The grouped storm: how many of its groups were notified once, more than once, never. */
  readonly groups: GroupOutcome | null;
  readonly lost: number;
  readonly duplicated: number;
  /** A few keys of lost and duplicated alerts, for the failure message. */
  readonly examples: { readonly lost: readonly string[]; readonly duplicated: readonly string[] };
  /** First POST → last POST answered. */
  readonly accepted_seconds: number;
  readonly accepted_alerts_per_second: number;
  /** First POST → last alert's first delivery. */
  readonly delivered_seconds: number;
  readonly delivered_alerts_per_second: number;
  /** Per alert, its POST → its delivery. */
  readonly latency_ms: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly machine_cpu_seconds: number;
  readonly machine_cpu_seconds_per_1k_alerts: number;
  /** Cores busy with processes the bench did not count (other people's work on a shared host): how disturbed the figures are. */
  readonly other_processes_cores: number;
  readonly process_cpu_seconds: Readonly<Record<string, number>>;
  readonly process_cpu_seconds_per_1k_alerts: number;
  readonly peak_rss_mib: Readonly<Record<string, number>>;
  /**
   * From the last delivery until the system's own processes were idle again: work the
   * scenario left behind. Null when not measured (Alertmanager's process is discarded
   * after each scenario).
   */
  readonly after_last_delivery: {
    readonly seconds: number;
    readonly became_idle: boolean;
    readonly machine_cpu_seconds_per_1k_alerts: number;
    readonly process_cpu_seconds_per_1k_alerts: number;
  } | null;
  /** The system's own counters over the scenario, where it has them (Alertmanager's notification metrics). */
  readonly own_counts: Readonly<Record<string, number>> | null;
}

export interface GroupOutcome {
  readonly expected: number;
  readonly notified_once: number;
  readonly notified_more_than_once: number;
  readonly never_notified: number;
}

/** From the receiver's count of notifications per `<system> <group>`: the groups of one scenario (`<scenario>-g<n>`). */
export function groupOutcome(counts: ReadonlyMap<string, number>, system: SystemName, scenario: string, groups: number): GroupOutcome {
  let once = 0;
  let more = 0;
  for (let g = 0; g < groups; g += 1) {
    const n = counts.get(`${system} ${scenario}-g${g}`) ?? 0;
    if (n === 1) once += 1;
    else if (n > 1) more += 1;
  }
  return { expected: groups, notified_once: once, notified_more_than_once: more, never_notified: groups - once - more };
}

export interface ScenarioRun {
  readonly system: SystemName;
  readonly scenario: string;
  readonly kind: 'burst' | 'steady' | 'grouped';
  readonly round?: number | undefined;
  readonly groups?: GroupOutcome;
  readonly outcome: DeliveryOutcome;
  /** performance.now() when the last POST was answered. */
  readonly acceptedAt: number;
  readonly usage: ResourceUsage;
  readonly afterLastDelivery?: { readonly usage: ResourceUsage; readonly becameIdle: boolean } | undefined;
  readonly ownCounts?: Readonly<Record<string, number>> | undefined;
}

const EXAMPLES = 5;

function roundValues(record: Readonly<Record<string, number>>, digits: number): Record<string, number> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, round(v, digits)]));
}

export function scenarioResult(run: ScenarioRun): ScenarioResult {
  const { outcome, usage, afterLastDelivery: after } = run;
  const perThousand = (x: number): number => round((x * 1_000) / outcome.sent, 3);
  const processCpu = (u: ResourceUsage): number => Object.values(u.processCpuSeconds).reduce((a, b) => a + b, 0);
  const acceptedSeconds = (run.acceptedAt - outcome.firstSentAt) / 1_000;
  const deliveredSeconds = outcome.delivered > 0 ? (outcome.lastDeliveredAt - outcome.firstSentAt) / 1_000 : Number.NaN;
  const latency = (q: number): number => round(quantile(outcome.latenciesMs, q), 1);
  return {
    system: run.system,
    scenario: run.scenario,
    kind: run.kind,
    round: run.round ?? null,
    alerts: outcome.sent,
    delivered: outcome.delivered,
    groups: run.groups ?? null,
    lost: outcome.lost.length,
    duplicated: outcome.duplicated.length,
    examples: { lost: outcome.lost.slice(0, EXAMPLES), duplicated: outcome.duplicated.slice(0, EXAMPLES) },
    accepted_seconds: round(acceptedSeconds, 3),
    accepted_alerts_per_second: round(outcome.sent / acceptedSeconds, 1),
    delivered_seconds: round(deliveredSeconds, 3),
    delivered_alerts_per_second: round(outcome.delivered / deliveredSeconds, 1),
    latency_ms: { p50: latency(0.5), p99: latency(0.99), max: round(outcome.latenciesMs.at(-1) ?? Number.NaN, 1) },
    machine_cpu_seconds: round(usage.machineCpuSeconds, 2),
    machine_cpu_seconds_per_1k_alerts: perThousand(usage.machineCpuSeconds),
    other_processes_cores: round(Math.max(0, usage.machineCpuSeconds - processCpu(usage)) / usage.wallSeconds, 2),
    process_cpu_seconds: roundValues(usage.processCpuSeconds, 2),
    process_cpu_seconds_per_1k_alerts: perThousand(processCpu(usage)),
    peak_rss_mib: roundValues(usage.peakRssMiB, 1),
    after_last_delivery: after
      ? {
          seconds: round(after.usage.wallSeconds, 1),
          became_idle: after.becameIdle,
          machine_cpu_seconds_per_1k_alerts: perThousand(after.usage.machineCpuSeconds),
          process_cpu_seconds_per_1k_alerts: perThousand(processCpu(after.usage)),
        }
      : null,
    own_counts: run.ownCounts ?? null,
  };
}

/** Why the run must fail: alerts lost or notified twice, groups notified twice or never, per system and scenario. */
export function deliveryFailures(results: readonly ScenarioResult[]): string[] {
  return results.flatMap((r) => {
    const own = r.own_counts ? ` [${r.system}'s own metrics: ${Object.entries(r.own_counts).map(([k, v]) => `${k} ${v}`).join(', ')}]` : '';
    const where = `${r.system} ${r.scenario}${own}`;
    return [
      ...(r.lost > 0 ? [`${where}: ${r.lost} of ${r.alerts} alerts never notified (e.g. ${r.examples.lost.join(', ')})`] : []),
      ...(r.duplicated > 0 ? [`${where}: ${r.duplicated} of ${r.alerts} alerts notified more than once (e.g. ${r.examples.duplicated.join(', ')})`] : []),
      ...(r.groups && r.groups.notified_more_than_once > 0 ? [`${where}: ${r.groups.notified_more_than_once} of ${r.groups.expected} groups notified more than once`] : []),
      ...(r.groups && r.groups.never_notified > 0 ? [`${where}: ${r.groups.never_notified} of ${r.groups.expected} groups never notified`] : []),
    ];
  });
}
