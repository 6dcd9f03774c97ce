import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DATABASE_URL, HeraldStack, NATS_URL } from '../support/stack.js';
import { sleep } from '../support/wait.js';
import { alertmanagerBinary, AlertmanagerProcess } from './alertmanager.js';
import { BenchReceiver, GROUP_LABEL, type SystemName } from './bench-receiver.js';
import { benchSettings, type BenchSettings } from './bench-settings.js';
import { compare, growth, verdicts } from './comparison.js';
import { DeliveryLedger } from './delivery-ledger.js';
import { jetstreamCeiling } from './jetstream-ceiling.js';
import { damonNote } from './host-notes.js';
import { heraldServiceOf } from './proc-stats.js';
import { reportText } from './report-tables.js';
import { awaitIdle, cpuSecondsOf, findProcesses, readText, ResourceMonitor, type ResourceUsage, type Tracked } from './resource-monitor.js';
import { BENCH_PROCESS, deliveryFailures, groupOutcome, scenarioResult, SHARED_PROCESSES, type ScenarioResult } from './scenario-result.js';
import { scenarios, type Scenario } from './scenarios.js';
import { round } from './stats.js';
import { AlertSink, awaitDeliveries, burst, steady } from './workloads.js';

/*
 * `npm run bench`: the same workloads against Alertmanager and against Herald, on this host,
 * in this run (issue 10). A burst of N distinct alerts posted as Prometheus posts them (100
 * per `POST /api/v2/alerts`, one request in flight) for each size in BENCH_SIZES, and a
 * steady BENCH_STEADY_RATE alerts/s, one per request, for BENCH_STEADY_SECONDS, after the
 * 10,000-alert burst and before larger ones (see `scenarios`), then the grouped storm (BENCH_GROUPED alerts in groups, grouped by a label on both systems: one
 * notification per group after BENCH_GROUP_WAIT_SECONDS). Every alert
 * must reach the loopback receiver exactly once, and every group in one notification; the run fails when Herald loses one or
 * notifies it twice (Alertmanager's anomalies are reported, not failed on). Prints a table, then one JSON line. The stage benchmarks (ingestion, incidents and
 * dispatch alone) run afterwards, each in its own process; BENCH_STAGES=none skips them.
 *
 * Each scenario runs on both systems back to back, so a drift in the host's speed weighs on
 * both sides of its ratios alike. Alertmanager gets a fresh process per scenario: the groups an
 * earlier burst left firing each tick every group_interval (10,000 of them keep a third of a
 * core busy) and would load the next scenario. Herald runs one stack for all scenarios, its
 * services stopped (SIGSTOP) while Alertmanager runs, so neither side's processes load the
 * other's figures; after each scenario's last delivery it is watched until its services are
 * idle again, which is reported as work left behind and lets the next scenario start from quiet.
 */
const KEY = 'bench-prometheus-key-000001';
/** Enough connections for the steady workload to keep its schedule while answers are slow. */
const CONNECTIONS = 16;
const PROGRESS_EVERY_MS = 30_000;
/** Idle: the system's own processes together use at most a tenth of a core over two seconds. */
const IDLE_CORES = 0.1;
const IDLE_WINDOW_MS = 2_000;

interface Measured {
  readonly system: SystemName;
  readonly scenario: Scenario;
  readonly acceptedAt: number;
  readonly usage: ResourceUsage;
  readonly afterLastDelivery?: { readonly usage: ResourceUsage; readonly becameIdle: boolean } | undefined;
  readonly ownCounts?: Readonly<Record<string, number>> | undefined;
}

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

/**
 * Runs one scenario against a sink, measuring the machine and `track`'s processes from first
 * POST to last delivery; then, when `ownPids` is given, from there until those processes are
 * idle again, so the next scenario starts from quiet and the work left behind is reported.
 */
async function measure(
  settings: BenchSettings,
  sink: AlertSink,
  ledger: DeliveryLedger,
  scenario: Scenario,
  track: () => readonly Tracked[],
  ownPids?: () => readonly number[],
): Promise<Measured> {
  progress(`${sink.system} ${scenario.name}: ${scenario.alerts} alerts`);
  await startFromQuietDisk(sink.system);
  const monitor = new ResourceMonitor(track);
  const started = performance.now();
  if (scenario.kind === 'burst') await burst(sink, ledger, scenario.name, scenario.alerts, settings.batch);
  else if (scenario.kind === 'grouped') await burst(sink, ledger, scenario.name, scenario.alerts, settings.batch, scenario.groups);
  else await steady(sink, ledger, scenario.name, settings.steadyRate, settings.steadySeconds);
  const acceptedAt = performance.now();
  const ticker = setInterval(() => progress(`${sink.system} ${scenario.name}: ${scenario.alerts - ledger.pending(scenario.name)} of ${scenario.alerts} delivered`), PROGRESS_EVERY_MS);
  const complete = await awaitDeliveries(ledger, scenario.name, settings.stallSeconds * 1_000);
  clearInterval(ticker);
  const usage = monitor.stop();
  const took = round((performance.now() - started) / 1_000, 1);
  progress(complete ? `${sink.system} ${scenario.name}: all delivered in ${took} s` : `${sink.system} ${scenario.name}: ${ledger.pending(scenario.name)} not delivered after ${took} s`);
  const afterLastDelivery = ownPids && (await untilIdle(settings, sink.system, track, ownPids));
  await sleep(settings.settleSeconds * 1_000);
  return { system: sink.system, scenario, acceptedAt, usage, afterLastDelivery };
}

/**
 * Starting from quiet includes the disk. A burst leaves PostgreSQL a checkpoint's worth of
 * dirty buffers (its 50,000 alerts write about 500 MB of WAL, so checkpoints then follow one
 * another) and the host dirty pages (PostgreSQL's files, the streams' files) that the kernel
 * writes back about 30 s later. On this host every fdatasync, so every PostgreSQL commit, waits
 * 20-40 ms behind such a flush, whichever scenario runs by then: measured with an fdatasync
 * probe, and seen in the steady phase's p99. So before each scenario, Herald's PostgreSQL
 * checkpoints and the host syncs, as the bench already waits for the services' CPU to go idle.
 */
async function startFromQuietDisk(system: SystemName): Promise<void> {
  if (system === 'herald') {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    try {
      await client.connect();
      await client.query('CHECKPOINT');
    } catch (error) {
      progress(`CHECKPOINT failed (${(error as Error).message}); the scenario may pay for the last one's writes`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  const run = spawnSync('sync', { timeout: 120_000 });
  if (run.error || run.status !== 0) progress(`sync failed (${run.error?.message ?? `exit ${run.status}`}); the scenario may pay for the last one's writeback`);
}

async function untilIdle(settings: BenchSettings, system: SystemName, track: () => readonly Tracked[], ownPids: () => readonly number[]): Promise<Measured['afterLastDelivery']> {
  const monitor = new ResourceMonitor(track);
  const becameIdle = await awaitIdle(ownPids, IDLE_CORES, IDLE_WINDOW_MS, settings.idleSeconds * 1_000);
  const usage = monitor.stop();
  progress(`${system}: ${becameIdle ? 'idle' : 'still busy'} ${round(usage.wallSeconds, 1)} s after the last delivery`);
  return { usage, becameIdle };
}

/** Connections and JIT warmed by one unmeasured request's worth of alerts. */
async function warmUp(settings: BenchSettings, sink: AlertSink, ledger: DeliveryLedger, group: string): Promise<void> {
  await burst(sink, ledger, group, settings.batch, settings.batch);
  if (!(await awaitDeliveries(ledger, group, settings.stallSeconds * 1_000))) throw new Error(`${sink.system} did not deliver its warm-up alerts`);
}

/** One scenario on a fresh Alertmanager process (see the header: groups left firing would load the next scenario). */
async function runAlertmanager(settings: BenchSettings, binary: string, receiver: BenchReceiver, ledger: DeliveryLedger, scenario: Scenario): Promise<Measured> {
  const grouping = scenario.kind === 'grouped' ? { groupBy: [GROUP_LABEL], groupWaitSeconds: settings.groupWaitSeconds } : undefined;
  const am = await AlertmanagerProcess.start(binary, receiver.url('alertmanager'), grouping);
  const sink = new AlertSink('alertmanager', am.url, {}, CONNECTIONS);
  try {
    await warmUp(settings, sink, ledger, `warm-${scenario.name}`);
    const run = await measure(settings, sink, ledger, scenario, () => [{ label: 'alertmanager', pid: am.pid }, { label: BENCH_PROCESS, pid: process.pid }]);
    return { ...run, ownCounts: await am.notificationCounts() };
  } finally {
    await sink.close();
    await am.stop();
  }
}

/** Herald's services (children of this process), the NATS server and PostgreSQL, and the bench itself. */
function heraldProcesses(): Tracked[] {
  return findProcesses((pid, stat, cmdline) => {
    if (pid === process.pid) return BENCH_PROCESS;
    if (stat.ppid === process.pid) return heraldServiceOf(cmdline());
    if (stat.comm === 'nats-server' || stat.comm === 'postgres') return stat.comm;
    return undefined;
  });
}

/** The grouped storm's alerts (and only they) are grouped by their group label, as on Alertmanager. */
function heraldConfig(receiverUrl: string, groupWaitSeconds: number): string {
  return `
integrations:
  - id: bench-prometheus
    name: Benchmark Prometheus
    source: prometheus
    key: ${KEY}
    rateLimitPerMinute: 1000000
dispatch:
  receivers:
    - id: bench-webhook
      name: Benchmark receiver
      channel: webhook
      settings:
        url: ${receiverUrl}
  route:
    receiver: bench-webhook
    routes:
      - matchers: ['${GROUP_LABEL}=~".+"']
        groupBy: [${GROUP_LABEL}]
        groupWaitSeconds: ${groupWaitSeconds}
        groupIntervalSeconds: 1
`;
}

/**
 * Herald's stack, started once and warmed up, then measured scenario by scenario. While the peer
 * runs a scenario the services are stopped (SIGSTOP: no timer, poll or heartbeat of theirs runs),
 * so neither system's processes load the other's figures; resumed, they are left to settle until
 * idle before their own run of the scenario.
 */
class HeraldUnderTest {
  /** CPU-seconds the services used while stopped for the peer: 0 unless a stop failed. */
  cpuWhilePeerRan = 0;

  private constructor(
    private readonly settings: BenchSettings,
    private readonly stack: HeraldStack,
    private readonly sink: AlertSink,
    private readonly ledger: DeliveryLedger,
    readonly ceiling: number,
  ) {}

  static async start(settings: BenchSettings, receiver: BenchReceiver, ledger: DeliveryLedger): Promise<HeraldUnderTest> {
    progress('starting Herald');
    const stack = await HeraldStack.start({ env: { DISPATCH_ALLOW_CIDRS: '127.0.0.0/8', LOG_LEVEL: 'warn' }, config: heraldConfig(receiver.url('herald'), settings.groupWaitSeconds) });
    const sink = new AlertSink('herald', stack.url('ingestion'), { authorization: `Bearer ${KEY}` }, CONNECTIONS);
    try {
      const ceiling = await jetstreamCeiling(NATS_URL, stack.namespace, 5_000, 32, 1_024);
      const herald = new HeraldUnderTest(settings, stack, sink, ledger, ceiling);
      await warmUp(settings, sink, ledger, 'warm');
      await herald.settle();
      return herald;
    } catch (error) {
      await sink.close();
      await stack.stop();
      await stack.cleanup();
      throw error;
    }
  }

  measure(scenario: Scenario): Promise<Measured> {
    return measure(this.settings, this.sink, this.ledger, scenario, heraldProcesses, services);
  }

  /** Stops the services while `peer` runs, then resumes them and waits until they are idle. */
  async pausedDuring<T>(peer: () => Promise<T>): Promise<T> {
    const pids = services();
    for (const pid of pids) process.kill(pid, 'SIGSTOP');
    await stopped(pids);
    const before = cpuSecondsOf(pids);
    try {
      return await peer();
    } finally {
      this.cpuWhilePeerRan += cpuSecondsOf(pids) - before;
      for (const pid of pids) process.kill(pid, 'SIGCONT');
      await this.settle();
    }
  }

  async stop(): Promise<void> {
    await this.sink.close();
    await this.stack.stop();
    await this.stack.cleanup();
  }

  private async settle(): Promise<void> {
    await awaitIdle(services, IDLE_CORES, IDLE_WINDOW_MS, this.settings.idleSeconds * 1_000);
  }
}

/** Resolves once every process is in the stopped state (a signal is delivered a moment after kill() returns). */
async function stopped(pids: readonly number[]): Promise<void> {
  const state = (pid: number): string | undefined => readText(`/proc/${pid}/stat`)?.replace(/^.*\) /s, '')[0];
  for (let waited = 0; pids.some((pid) => state(pid) !== 'T') && waited < 2_000; waited += 10) await sleep(10);
}

/** Herald's service processes (not the shared NATS and PostgreSQL, not the bench). */
function services(): number[] {
  return heraldProcesses()
    .filter((p) => !SHARED_PROCESSES.has(p.label))
    .map((p) => p.pid);
}

const STAGES = {
  ingestion_only: 'ingestion-load.js',
  incidents_only: 'incidents.bench.js',
  dispatch_only: 'dispatch.bench.js',
  wake_cost: 'wake-cost.js',
  steady_hops: 'steady-hops.js',
} as const;

/** Each stage benchmark prints one JSON line; a failing one is reported, not fatal. */
function runStageBenchmarks(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, file] of Object.entries(STAGES)) {
    const path = fileURLToPath(new URL(file, import.meta.url));
    if (!existsSync(path)) continue;
    progress(`stage benchmark ${name}`);
    const run = spawnSync(process.execPath, ['--enable-source-maps', path], { encoding: 'utf8', env: process.env, timeout: 600_000 });
    const line = run.stdout.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
    try {
      out[name] = line ? (JSON.parse(line) as unknown) : { error: `exit ${run.status}: ${run.stderr.slice(-500)}` };
    } catch {
      out[name] = { error: `unparsable output: ${line?.slice(0, 200)}` };
    }
  }
  return out;
}

async function main(): Promise<number> {
  const settings = benchSettings(process.env);
  const notes = [
    `${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the start; machine CPU counts everything that ran on the host, other people's work included`,
    'latency: per alert, from the start of its POST to its notification at the receiver',
  ];
  const damon = damonNote(readText);
  if (damon !== undefined) notes.push(damon);
  const binary = alertmanagerBinary();
  const systems = settings.systems.filter((system) => system !== 'alertmanager' || binary !== undefined);
  if (binary === undefined && settings.systems.includes('alertmanager')) {
    const skipped = 'Alertmanager side SKIPPED: no Alertmanager binary (install Debian prometheus-alertmanager, or set ALERTMANAGER_BIN); no ratios';
    progress(skipped);
    notes.push(skipped);
  }
  const ledgers = { herald: new DeliveryLedger(), alertmanager: new DeliveryLedger() };
  const receiver = await new BenchReceiver(ledgers).start();
  const measured: Measured[] = [];
  let ceiling: number | undefined;
  let heraldCpuWhilePeerRan: number | undefined;
  try {
    const herald = systems.includes('herald') ? await HeraldUnderTest.start(settings, receiver, ledgers.herald) : undefined;
    ceiling = herald?.ceiling;
    try {
      // Scenario by scenario, both systems back to back: a host whose speed drifts over minutes
      // (README, Performance) then weighs on both sides of a ratio alike.
      for (const scenario of scenarios(settings)) {
        for (const system of systems) {
          if (system === 'herald') measured.push(await herald!.measure(scenario));
          else {
            const peer = (): Promise<Measured> => runAlertmanager(settings, binary!, receiver, ledgers.alertmanager, scenario);
            measured.push(await (herald ? herald.pausedDuring(peer) : peer()));
          }
        }
      }
      if (herald && systems.includes('alertmanager')) heraldCpuWhilePeerRan = round(herald.cpuWhilePeerRan, 2);
    } finally {
      await herald?.stop();
    }
  } finally {
    await receiver.stop();
  }
  // Outcomes are read only now, so a duplicate that arrived during a later scenario still counts.
  const results: ScenarioResult[] = measured.map((m) =>
    scenarioResult({
      ...m,
      scenario: m.scenario.name,
      kind: m.scenario.kind,
      round: m.scenario.round,
      outcome: ledgers[m.system].outcome(ledgers[m.system].keys(m.scenario.name)),
      ...(m.scenario.groups !== undefined ? { groups: groupOutcome(receiver.groupNotifications, m.system, m.scenario.name, m.scenario.groups) } : {}),
    }),
  );
  // Herald is the system under test: any alert it loses or doubles fails the run. Alertmanager's
  // webhook delivery is at-least-once by design (it retries a send it counted as failed, which
  // under a 50,000-alert storm on two cores can reach the receiver twice), so its anomalies are
  // reported beside the figures, not counted as a failure of the run.
  const failures = deliveryFailures(results.filter((r) => r.system === 'herald'));
  const peerAnomalies = deliveryFailures(results.filter((r) => r.system !== 'herald'));
  for (const anomaly of peerAnomalies) notes.push(`peer, not a failure of the run: ${anomaly}`);
  const list = verdicts(results);
  if (receiver.unreadable > 0) notes.push(`${receiver.unreadable} notifications could not be read, first: ${receiver.firstUnreadable}`);
  for (const system of systems) if (ledgers[system].unexpected > 0) notes.push(`${system}: ${ledgers[system].unexpected} notifications for alerts this run never sent`);
  process.stdout.write(reportText(results, list, notes));
  const stages = settings.stages ? runStageBenchmarks() : {};
  const json = {
    settings,
    notes,
    results,
    herald_to_alertmanager: Object.fromEntries(compare(results).map((c) => [c.scenario, c.herald_to_alertmanager])),
    growth: Object.fromEntries(systems.map((system) => [system, growth(results, system)])),
    verdicts: list,
    failures,
    peer_anomalies: peerAnomalies,
    herald_cpu_seconds_while_peer_ran: heraldCpuWhilePeerRan,
    jetstream_publish_ceiling_per_second: ceiling === undefined ? undefined : round(ceiling),
    stages,
  };
  process.stdout.write(`${JSON.stringify(json)}\n`);
  if (failures.length === 0) return 0;
  process.stderr.write(`bench FAILED: Herald must notify every alert exactly once\n${failures.map((f) => `  ${f}`).join('\n')}\n`);
  return 1;
}

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(`bench FAILED: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
}
