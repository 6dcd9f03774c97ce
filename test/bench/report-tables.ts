import { type SystemName } from './bench-receiver.js';
import { compare, growth, type Verdict } from './comparison.js';
import { type ScenarioResult } from './scenario-result.js';

/*
 * The human-readable report `npm run bench` prints before its JSON line. Pure text.
 */

/** Columns padded to their widest cell; the first left-aligned, the rest right-aligned (numbers). */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd()).join('\n');
}

/** Few significant digits: 4,250 · 93.4 · 1.25 · 0.034 ; '–' when absent. */
export function num(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

const times = (value: number | undefined): string => (value === undefined ? '–' : `${num(value)}×`);

const SYSTEM_TITLES: Record<SystemName, string> = { alertmanager: 'Alertmanager', herald: 'Herald' };

function scenarioTitle(r: ScenarioResult | undefined, scenario: string): string {
  if (scenario === 'steady' && r) return `steady (${num(r.alerts)} alerts, 1 per POST)`;
  if (r?.groups) return `grouped storm: ${num(r.alerts)} alerts in ${num(r.groups.expected)} groups`;
  if (r?.round) return `burst of ${num(r.alerts)}, round ${r.round}`;
  return r ? `burst of ${num(r.alerts)}` : scenario;
}

function comparisonTable(results: readonly ScenarioResult[]): string {
  const rows: string[][] = [['scenario / measure', 'Alertmanager', 'Herald', 'Herald÷AM']];
  for (const c of compare(results)) {
    const { herald: h, alertmanager: a, herald_to_alertmanager: x } = c;
    rows.push([scenarioTitle(h ?? a, c.scenario), '', '', '']);
    const row = (label: string, pick: (r: ScenarioResult) => number, ratio?: number): void =>
      void rows.push([`  ${label}`, num(a && pick(a)), num(h && pick(h)), ratio === undefined ? '' : times(ratio)]);
    rows.push(['  delivered / sent', a ? `${a.delivered}/${a.alerts}` : '–', h ? `${h.delivered}/${h.alerts}` : '–', '']);
    const groups = (r: ScenarioResult | undefined): string => (r?.groups ? `${r.groups.notified_once}/${r.groups.expected}` : '–');
    if ((h ?? a)?.groups) rows.push(['  groups notified exactly once', groups(a), groups(h), '']);
    row('accepted alerts/s (POSTs answered)', (r) => r.accepted_alerts_per_second);
    row('first POST → last delivery, s', (r) => r.delivered_seconds);
    row('delivered alerts/s', (r) => r.delivered_alerts_per_second, x.delivered_alerts_per_second);
    row('latency p50, ms', (r) => r.latency_ms.p50, x.latency_p50);
    row('latency p99, ms', (r) => r.latency_ms.p99, x.latency_p99);
    row('machine CPU-s per 1k alerts', (r) => r.machine_cpu_seconds_per_1k_alerts, x.machine_cpu_per_alert);
    row('processes’ CPU-s per 1k alerts', (r) => r.process_cpu_seconds_per_1k_alerts, x.process_cpu_per_alert);
    row('other work on the host, cores busy', (r) => r.other_processes_cores);
    if (h?.after_last_delivery) {
      const after = h.after_last_delivery;
      rows.push([`  then until idle${after.became_idle ? '' : ' (never)'}: s`, '', num(after.seconds), '']);
      rows.push(['    machine CPU-s per 1k alerts', '', num(after.machine_cpu_seconds_per_1k_alerts), '']);
    }
  }
  return formatTable(rows);
}

function rssTable(results: readonly ScenarioResult[]): string {
  const scenarios = [...new Set(results.map((r) => r.scenario))];
  const rows: string[][] = [['peak RSS, MiB', ...scenarios]];
  for (const system of ['alertmanager', 'herald'] as const) {
    const mine = results.filter((r) => r.system === system);
    const labels = [...new Set(mine.flatMap((r) => Object.keys(r.peak_rss_mib)))];
    for (const label of labels) {
      rows.push([`${SYSTEM_TITLES[system]}: ${label}`, ...scenarios.map((s) => num(mine.find((r) => r.scenario === s)?.peak_rss_mib[label]))]);
    }
  }
  return formatTable(rows);
}

function growthTable(results: readonly ScenarioResult[]): string {
  const rows: string[][] = [['burst growth', 'alerts', 's per 1k', 'machine CPU-s per 1k', 'process CPU-s per 1k', 'time per alert vs smallest', 'CPU per alert vs smallest']];
  for (const system of ['alertmanager', 'herald'] as const) {
    for (const step of growth(results, system)) {
      rows.push([
        SYSTEM_TITLES[system],
        num(step.alerts),
        num(step.seconds_per_1k_alerts),
        num(step.machine_cpu_seconds_per_1k_alerts),
        num(step.process_cpu_seconds_per_1k_alerts),
        times(step.time_vs_smallest),
        times(step.machine_cpu_vs_smallest),
      ]);
    }
  }
  return formatTable(rows);
}

export function verdictLines(list: readonly Verdict[]): string {
  return list.map((v) => `  [${v.status}] ${v.target}: ${v.measured}`).join('\n');
}

export function reportText(results: readonly ScenarioResult[], list: readonly Verdict[], notes: readonly string[]): string {
  return [
    'Herald and Alertmanager, same workloads, same host, same run',
    ...notes.map((n) => `  note: ${n}`),
    '',
    comparisonTable(results),
    '',
    rssTable(results),
    '',
    growthTable(results),
    '',
    'Issue 10 acceptance (informative; the bench fails only on lost or duplicated alerts):',
    verdictLines(list),
    '',
  ].join('\n');
}
