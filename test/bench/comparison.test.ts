import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type SystemName } from './bench-receiver.js';
import { benchSettings } from './bench-settings.js';
import { growth, ratio, verdicts, type VerdictStatus } from './comparison.js';
import { formatTable, num } from './report-tables.js';
import { median } from './stats.js';
import { deliveryFailures, groupOutcome, scenarioResult, type ScenarioResult } from './scenario-result.js';

// Pure helpers of the benchmark: results, ratios, issue 10's verdicts, settings, table text.

/** A result as scenarioResult builds it: `seconds` from first POST to last delivery. */
function result(
  system: SystemName,
  scenario: string,
  o: { alerts: number; seconds: number; cpu: number; p99?: number; rss?: Record<string, number>; lost?: string[]; twice?: string[]; round?: number },
): ScenarioResult {
  const lost = o.lost ?? [];
  const latencies = Array.from({ length: o.alerts - lost.length }, () => o.p99 ?? 1);
  return scenarioResult({
    system,
    scenario,
    kind: scenario === 'steady' ? 'steady' : 'burst',
    round: o.round,
    outcome: { sent: o.alerts, delivered: o.alerts - lost.length, lost, duplicated: o.twice ?? [], latenciesMs: latencies, firstSentAt: 1_000, lastDeliveredAt: 1_000 + o.seconds * 1_000 },
    acceptedAt: 1_100,
    usage: { wallSeconds: o.seconds, machineCpuSeconds: o.cpu, processCpuSeconds: { x: o.cpu / 2 }, peakRssMiB: o.rss ?? {} },
  });
}

describe('scenarioResult', () => {
  it('reports the work left after the last delivery only where it was measured', () => {
    const base = result('herald', 'burst-2000', { alerts: 2_000, seconds: 4, cpu: 10 });
    assert.equal(base.after_last_delivery, null);
    const usage = { wallSeconds: 6.04, machineCpuSeconds: 3, processCpuSeconds: { incidents: 1, analytics: 0.5 }, peakRssMiB: {} };
    const after = scenarioResult({
      system: 'herald',
      scenario: 'burst-2000',
      kind: 'burst',
      outcome: { sent: 2_000, delivered: 2_000, lost: [], duplicated: [], latenciesMs: [1], firstSentAt: 0, lastDeliveredAt: 4_000 },
      acceptedAt: 100,
      usage,
      afterLastDelivery: { usage, becameIdle: false },
    }).after_last_delivery;
    assert.deepEqual(after, { seconds: 6, became_idle: false, machine_cpu_seconds_per_1k_alerts: 1.5, process_cpu_seconds_per_1k_alerts: 0.75 });
  });

  it('derives rates and costs per 1,000 alerts', () => {
    const r = result('herald', 'burst-2000', { alerts: 2_000, seconds: 4, cpu: 10 });
    assert.deepEqual(
      [r.delivered_alerts_per_second, r.machine_cpu_seconds_per_1k_alerts, r.process_cpu_seconds_per_1k_alerts, r.accepted_seconds, r.accepted_alerts_per_second, r.other_processes_cores],
      [500, 5, 2.5, 0.1, 20_000, 1.25],
    );
  });
});

describe('deliveryFailures', () => {
  const cases = [
    { name: 'none when every alert came once', results: [result('herald', 'burst-10', { alerts: 10, seconds: 1, cpu: 1 })], expected: [] },
    {
      name: 'names the system, the scenario and examples',
      results: [result('alertmanager', 'steady', { alerts: 10, seconds: 1, cpu: 1, lost: ['steady-3'] }), result('herald', 'burst-10', { alerts: 10, seconds: 1, cpu: 1, twice: ['burst-10-1', 'burst-10-2'] })],
      expected: ['alertmanager steady: 1 of 10 alerts never notified (e.g. steady-3)', 'herald burst-10: 2 of 10 alerts notified more than once (e.g. burst-10-1, burst-10-2)'],
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(deliveryFailures(c.results), c.expected));
  it('adds the system’s own counters where it has them', () => {
    const twice = { ...result('alertmanager', 'burst-10', { alerts: 10, seconds: 1, cpu: 1, twice: ['burst-10-4'] }), own_counts: { notification_requests_failed: 3 } };
    assert.deepEqual(deliveryFailures([twice]), ["alertmanager burst-10 [alertmanager's own metrics: notification_requests_failed 3]: 1 of 10 alerts notified more than once (e.g. burst-10-4)"]);
  });
});

describe('ratio', () => {
  const cases: Array<[number | undefined, number | undefined, number | undefined]> = [
    [1, 4, 0.25],
    [2, 3, 0.667],
    [1, 0, undefined],
    [undefined, 1, undefined],
    [Number.NaN, 1, undefined],
  ];
  for (const [h, a, expected] of cases) it(`${h} ÷ ${a}`, () => assert.equal(ratio(h, a), expected));
});

describe('median', () => {
  const cases: Array<[number[], number | undefined]> = [
    [[], undefined],
    [[0.3], 0.3],
    [[0.4, 0.2, 0.3], 0.3],
    [[2, 4], 3],
    [[5, 1, 4, 2], 3],
  ];
  for (const [values, expected] of cases) it(`of [${values.join(', ')}]`, () => assert.equal(median(values), expected));
  it('leaves its input unsorted', () => {
    const values = [3, 1, 2];
    median(values);
    assert.deepEqual(values, [3, 1, 2]);
  });
});

describe('growth', () => {
  it('per-alert cost of each burst against the smallest, smallest first', () => {
    const steps = growth(
      [result('herald', 'burst-10000', { alerts: 10_000, seconds: 20, cpu: 40 }), result('herald', 'burst-1000', { alerts: 1_000, seconds: 2, cpu: 5 }), result('alertmanager', 'burst-1000', { alerts: 1_000, seconds: 1, cpu: 1 })],
      'herald',
    );
    assert.deepEqual(
      steps.map((s) => [s.alerts, s.seconds_per_1k_alerts, s.time_vs_smallest, s.machine_cpu_vs_smallest]),
      [
        [1_000, 2, 1, 1],
        [10_000, 2, 1, 0.8],
      ],
    );
  });
});

describe('verdicts', () => {
  const am10k = result('alertmanager', 'burst-10000', { alerts: 10_000, seconds: 2, cpu: 4 });
  const statuses = (results: ScenarioResult[]): VerdictStatus[] => verdicts(results).map((v) => v.status);
  const cases: Array<{ name: string; results: ScenarioResult[]; expected: VerdictStatus[] }> = [
    { name: 'nothing measured', results: [], expected: ['not measured', 'not measured', 'not measured', 'not measured', 'not measured'] },
    {
      name: 'all met (at the limits)',
      results: [
        am10k,
        result('herald', 'burst-1000', { alerts: 1_000, seconds: 0.8, cpu: 1.6 }),
        result('herald', 'burst-10000', { alerts: 10_000, seconds: 8, cpu: 16, rss: { ingestion: 150, dispatch: 149, postgres: 400, 'nats-server': 300, bench: 500 } }),
        result('herald', 'steady', { alerts: 1_000, seconds: 20, cpu: 10, p99: 25 }),
      ],
      expected: ['met', 'met', 'met', 'met', 'met'],
    },
    {
      name: 'each just missed',
      results: [
        am10k,
        result('herald', 'burst-1000', { alerts: 1_000, seconds: 0.5, cpu: 1 }),
        result('herald', 'burst-10000', { alerts: 10_000, seconds: 8.1, cpu: 16.1, rss: { ingestion: 150.1 } }),
        result('herald', 'steady', { alerts: 1_000, seconds: 20, cpu: 10, p99: 25.1 }),
      ],
      expected: ['not met', 'not met', 'not met', 'not met', 'not met'],
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(statuses(c.results), c.expected));

  // Three alternating rounds of the 10k burst: AM 2 s / 4 CPU-s each; Herald's rounds as listed.
  const rounds = (herald: Array<{ seconds: number; cpu: number; rss?: Record<string, number> }>): ScenarioResult[] =>
    herald.flatMap((h, i) => {
      const name = i === 0 ? 'burst-10000' : `burst-10000-r${i + 1}`;
      const round = i === 0 ? undefined : i + 1;
      return [result('alertmanager', name, { alerts: 10_000, seconds: 2, cpu: 4, round }), result('herald', name, { alerts: 10_000, round, ...h })];
    });
  const [throughput, , cpu, rss] = [0, 1, 2, 3];
  it('judges throughput and CPU on the median round, not the first or the best', () => {
    // Ratios: throughput 0.2, 0.25, 0.4; CPU 5, 4, 2.5 (the first round misses both, the median meets both).
    const list = verdicts(rounds([{ seconds: 10, cpu: 20 }, { seconds: 8, cpu: 16 }, { seconds: 5, cpu: 10 }]));
    assert.deepEqual([list[throughput]!.status, list[cpu]!.status], ['met', 'met']);
    assert.equal(list[throughput]!.measured, '0.25× (median of 3 alternating rounds: 0.2×, 0.25×, 0.4×)');
    assert.match(list[cpu]!.measured, /^4× \(median of 3 alternating rounds: 5×, 4×, 2.5×\)/);
    // One good round among two bad ones does not carry the verdict.
    const missed = verdicts(rounds([{ seconds: 5, cpu: 10 }, { seconds: 10, cpu: 20 }, { seconds: 8.1, cpu: 16.1 }]));
    assert.deepEqual([missed[throughput]!.status, missed[cpu]!.status], ['not met', 'not met']);
  });
  it('judges RSS on the highest peak of any round', () => {
    const list = verdicts(rounds([{ seconds: 8, cpu: 16, rss: { dispatch: 140 } }, { seconds: 8, cpu: 16, rss: { dispatch: 151 } }, { seconds: 8, cpu: 16, rss: { dispatch: 139 } }]));
    assert.equal(list[rss]!.status, 'not met');
    assert.match(list[rss]!.measured, /dispatch 151/);
  });
  it('leaves the later rounds out of the growth steps', () => {
    const steps = growth([result('herald', 'burst-1000', { alerts: 1_000, seconds: 1, cpu: 2 }), ...rounds([{ seconds: 8, cpu: 16 }, { seconds: 30, cpu: 60 }])], 'herald');
    assert.deepEqual(steps.map((s) => [s.alerts, s.seconds_per_1k_alerts]), [[1_000, 1], [10_000, 0.8]]);
  });
});

describe('benchSettings', () => {
  it('defaults to issue 10’s workloads', () => {
    const s = benchSettings({});
    assert.deepEqual([s.sizes, s.batch, s.steadyRate, s.steadySeconds, s.systems, s.stages, s.repeat], [[1_000, 10_000, 50_000], 100, 50, 20, ['alertmanager', 'herald'], true, 3]);
  });
  it('reads overrides, sorting and de-duplicating sizes', () => {
    const s = benchSettings({ BENCH_SIZES: '10000, 1000,1000', BENCH_STEADY_SECONDS: '2.5', BENCH_SYSTEMS: 'herald', BENCH_STAGES: 'none' });
    assert.deepEqual([s.sizes, s.steadySeconds, s.systems, s.stages], [[1_000, 10_000], 2.5, ['herald'], false]);
  });
  const bad = [
    [{ BENCH_SIZES: '1000,ten' }, /BENCH_SIZES must be a positive integer, got "ten"/],
    [{ BENCH_BATCH: '0' }, /BENCH_BATCH must be a positive integer/],
    [{ BENCH_REPEAT: '1.5' }, /BENCH_REPEAT must be a positive integer/],
    [{ BENCH_SYSTEMS: 'herald,pagerduty' }, /BENCH_SYSTEMS lists "pagerduty"/],
  ] as const;
  for (const [env, message] of bad) it(`refuses ${JSON.stringify(env)}`, () => assert.throws(() => benchSettings(env), message));
});

describe('report text', () => {
  const cases: Array<[number | undefined, string]> = [
    [4_250.4, '4,250'],
    [93.44, '93.4'],
    [1.254, '1.25'],
    [0.0344, '0.034'],
    [undefined, '–'],
    [Number.NaN, '–'],
  ];
  for (const [value, expected] of cases) it(`num(${value})`, () => assert.equal(num(value), expected));
  it('pads columns: first left, the rest right', () => assert.equal(formatTable([['a', 'bb'], ['ccc', 'd']]), 'a    bb\nccc   d'));
});

describe('grouped storm: a group notified twice or never fails the run', () => {
  const counts = new Map([
    ['herald grouped-g0', 1],
    ['herald grouped-g1', 2],
    ['alertmanager grouped-g0', 1],
  ]);
  const groupedResult = (system: SystemName): ScenarioResult =>
    scenarioResult({
      system,
      scenario: 'grouped',
      kind: 'grouped',
      outcome: { sent: 30, delivered: 30, lost: [], duplicated: [], latenciesMs: [1], firstSentAt: 0, lastDeliveredAt: 1_000 },
      acceptedAt: 100,
      usage: { wallSeconds: 1, machineCpuSeconds: 1, processCpuSeconds: { x: 1 }, peakRssMiB: {} },
      groups: groupOutcome(counts, system, 'grouped', 3),
    });
  it('counts the groups notified once, more than once and never, per system', () => {
    assert.deepEqual(groupedResult('herald').groups, { expected: 3, notified_once: 1, notified_more_than_once: 1, never_notified: 1 });
    assert.deepEqual(groupedResult('alertmanager').groups, { expected: 3, notified_once: 1, notified_more_than_once: 0, never_notified: 2 });
  });
  it('names both failures', () => {
    const failures = deliveryFailures([groupedResult('herald')]);
    assert.equal(failures.length, 2);
    assert.match(failures[0]!, /1 of 3 groups notified more than once/);
    assert.match(failures[1]!, /1 of 3 groups never notified/);
  });
  it('BENCH_GROUPED: alerts/groups by default 10000/100, none skips it, anything else is refused', () => {
    assert.deepEqual(benchSettings({}).grouped, { alerts: 10_000, groups: 100 });
    assert.deepEqual(benchSettings({ BENCH_GROUPED: '1000/10' }).grouped, { alerts: 1_000, groups: 10 });
    assert.equal(benchSettings({ BENCH_GROUPED: 'none' }).grouped, undefined);
    assert.throws(() => benchSettings({ BENCH_GROUPED: '1000/7' }), /BENCH_GROUPED/);
    assert.throws(() => benchSettings({ BENCH_GROUPED: '10000/10' }), /at most 200 alerts per group/);
  });
});
