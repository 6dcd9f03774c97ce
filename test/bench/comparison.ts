import { type SystemName } from './bench-receiver.js';
import { SHARED_PROCESSES, type ScenarioResult } from './scenario-result.js';
import { median, round } from './stats.js';

/*
 * Herald against Alertmanager: ratios per scenario, how cost grows with burst size, and
 * issue 10's acceptance targets as met / not met. Pure; informative only (the bench fails
 * on lost or duplicated alerts, never on these).
 */

/** Herald ÷ Alertmanager, or undefined when either side is missing or the divisor is 0. */
export function ratio(herald: number | undefined, alertmanager: number | undefined): number | undefined {
  if (herald === undefined || alertmanager === undefined || !Number.isFinite(herald) || !Number.isFinite(alertmanager) || alertmanager === 0) return undefined;
  return round(herald / alertmanager, 3);
}

export interface ScenarioComparison {
  readonly scenario: string;
  readonly herald: ScenarioResult | undefined;
  readonly alertmanager: ScenarioResult | undefined;
  readonly herald_to_alertmanager: {
    readonly delivered_alerts_per_second: number | undefined;
    readonly latency_p50: number | undefined;
    readonly latency_p99: number | undefined;
    readonly machine_cpu_per_alert: number | undefined;
    readonly process_cpu_per_alert: number | undefined;
  };
}

export function compare(results: readonly ScenarioResult[]): ScenarioComparison[] {
  const scenarios = [...new Set(results.map((r) => r.scenario))];
  return scenarios.map((scenario) => {
    const of = (system: SystemName) => results.find((r) => r.scenario === scenario && r.system === system);
    const herald = of('herald');
    const alertmanager = of('alertmanager');
    return {
      scenario,
      herald,
      alertmanager,
      herald_to_alertmanager: {
        delivered_alerts_per_second: ratio(herald?.delivered_alerts_per_second, alertmanager?.delivered_alerts_per_second),
        latency_p50: ratio(herald?.latency_ms.p50, alertmanager?.latency_ms.p50),
        latency_p99: ratio(herald?.latency_ms.p99, alertmanager?.latency_ms.p99),
        machine_cpu_per_alert: ratio(herald?.machine_cpu_seconds_per_1k_alerts, alertmanager?.machine_cpu_seconds_per_1k_alerts),
        process_cpu_per_alert: ratio(herald?.process_cpu_seconds_per_1k_alerts, alertmanager?.process_cpu_seconds_per_1k_alerts),
      },
    };
  });
}

export interface GrowthStep {
  readonly alerts: number;
  readonly seconds_per_1k_alerts: number;
  readonly machine_cpu_seconds_per_1k_alerts: number;
  readonly process_cpu_seconds_per_1k_alerts: number;
  /** Per-alert cost against the smallest burst: 1 is linear growth, above 1 worse than linear. */
  readonly time_vs_smallest: number | undefined;
  readonly machine_cpu_vs_smallest: number | undefined;
}

/** Cost per 1,000 alerts for each burst size of one system, smallest first. */
export function growth(results: readonly ScenarioResult[], system: SystemName): GrowthStep[] {
  // Each size's first round: the acceptance burst's further rounds are for its ratios.
  const bursts = results.filter((r) => r.system === system && r.kind === 'burst' && r.round === null).sort((a, b) => a.alerts - b.alerts);
  const secondsPer1k = (r: ScenarioResult): number => round((r.delivered_seconds * 1_000) / r.alerts, 3);
  const smallest = bursts[0];
  return bursts.map((r) => ({
    alerts: r.alerts,
    seconds_per_1k_alerts: secondsPer1k(r),
    machine_cpu_seconds_per_1k_alerts: r.machine_cpu_seconds_per_1k_alerts,
    process_cpu_seconds_per_1k_alerts: r.process_cpu_seconds_per_1k_alerts,
    time_vs_smallest: smallest && ratio(secondsPer1k(r), secondsPer1k(smallest)),
    machine_cpu_vs_smallest: smallest && ratio(r.machine_cpu_seconds_per_1k_alerts, smallest.machine_cpu_seconds_per_1k_alerts),
  }));
}

export type VerdictStatus = 'met' | 'not met' | 'not measured';

export interface Verdict {
  readonly target: string;
  readonly measured: string;
  readonly status: VerdictStatus;
}

/** Issue 10's acceptance figures. */
export const TARGETS = {
  burstSize: 10_000,
  minThroughputRatio: 0.25,
  maxSteadyP99Ms: 25,
  maxCpuRatio: 4,
  maxServiceRssMiB: 150,
  /** Per-alert cost at the largest burst may exceed the smallest's by this much and still count as linear (run-to-run noise). */
  linearTolerance: 1.25,
} as const;

const status = (value: number | undefined, ok: (v: number) => boolean): VerdictStatus => (value === undefined ? 'not measured' : ok(value) ? 'met' : 'not met');
const show = (value: number | undefined, unit = ''): string => (value === undefined ? 'n/a' : `${value}${unit}`);

/** A ratio over the acceptance burst's rounds: their median, and each round's, in order, for the report. */
interface RoundsRatio {
  readonly median: number | undefined;
  readonly rounds: readonly number[];
}

function overRounds(rounds: readonly ScenarioComparison[], pick: (c: ScenarioComparison) => number | undefined): RoundsRatio {
  const values = rounds.map(pick).filter((v): v is number => v !== undefined);
  const mid = median(values);
  return { median: mid === undefined ? undefined : round(mid, 3), rounds: values };
}

const showRounds = (r: RoundsRatio): string =>
  r.rounds.length > 1 ? `${show(r.median, '×')} (median of ${r.rounds.length} alternating rounds: ${r.rounds.map((v) => `${v}×`).join(', ')})` : show(r.median, '×');

/** Each service's highest peak over the rounds. */
function peakRss(rounds: readonly ScenarioComparison[]): [string, number][] {
  const peaks = new Map<string, number>();
  for (const c of rounds) {
    for (const [label, mib] of Object.entries(c.herald?.peak_rss_mib ?? {})) if (!SHARED_PROCESSES.has(label)) peaks.set(label, Math.max(peaks.get(label) ?? 0, mib));
  }
  return [...peaks];
}

export function verdicts(results: readonly ScenarioResult[]): Verdict[] {
  // The 10k burst's rounds (BENCH_REPEAT): throughput and CPU are judged on the median round, RSS on the highest.
  const rounds = compare(results).filter((c) => {
    const r = c.herald ?? c.alertmanager;
    return r?.kind === 'burst' && r.alerts === TARGETS.burstSize;
  });
  const steady = results.find((r) => r.system === 'herald' && r.kind === 'steady');
  const throughput = overRounds(rounds, (c) => c.herald_to_alertmanager.delivered_alerts_per_second);
  const cpu = overRounds(rounds, (c) => c.herald_to_alertmanager.machine_cpu_per_alert);
  const processCpu = overRounds(rounds, (c) => c.herald_to_alertmanager.process_cpu_per_alert);
  const services = peakRss(rounds);
  const largestRss = services.length === 0 ? undefined : Math.max(...services.map(([, mib]) => mib));
  const steps = growth(results, 'herald');
  const last = steps.length > 1 ? steps.at(-1) : undefined;
  const worstGrowth = last && last.time_vs_smallest !== undefined && last.machine_cpu_vs_smallest !== undefined ? Math.max(last.time_vs_smallest, last.machine_cpu_vs_smallest) : undefined;
  return [
    {
      target: `10k burst: Herald delivered alerts/s ≥ ${TARGETS.minThroughputRatio}× Alertmanager's`,
      measured: showRounds(throughput),
      status: status(throughput.median, (v) => v >= TARGETS.minThroughputRatio),
    },
    {
      target: `steady: Herald p99 POST → receiver ≤ ${TARGETS.maxSteadyP99Ms} ms`,
      measured: show(steady?.latency_ms.p99, ' ms'),
      status: status(steady?.latency_ms.p99, (v) => v <= TARGETS.maxSteadyP99Ms),
    },
    {
      target: `10k burst: machine CPU per alert ≤ ${TARGETS.maxCpuRatio}× Alertmanager's`,
      measured: `${showRounds(cpu)} (the processes alone: ${show(processCpu.median, '×')})`,
      status: status(cpu.median, (v) => v <= TARGETS.maxCpuRatio),
    },
    {
      target: `10k burst: peak RSS ≤ ${TARGETS.maxServiceRssMiB} MiB per Herald service${rounds.length > 1 ? ' (the highest of its rounds)' : ''}`,
      measured: services.length === 0 ? 'n/a' : services.map(([label, mib]) => `${label} ${mib}`).join(', '),
      status: status(largestRss, (v) => v <= TARGETS.maxServiceRssMiB),
    },
    {
      target: `bursts ${steps[0]?.alerts ?? '?'} → ${last?.alerts ?? '?'}: Herald's time and machine CPU per alert grow no worse than linearly (≤ ${TARGETS.linearTolerance}× the smallest's)`,
      measured: last ? `time ${show(last.time_vs_smallest, '×')}, CPU ${show(last.machine_cpu_vs_smallest, '×')}` : 'n/a (needs two burst sizes)',
      status: status(worstGrowth, (v) => v <= TARGETS.linearTolerance),
    },
  ];
}
