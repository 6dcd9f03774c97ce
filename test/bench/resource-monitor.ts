import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { sleep } from '../support/wait.js';
import { parseMachineCpu, parseProcessStat, parseStatusBytes, type MachineCpu, type ProcessStat } from './proc-stats.js';

/** A process whose CPU and memory are counted, under a label shared by its kind (e.g. all `postgres`). */
export interface Tracked {
  readonly label: string;
  readonly pid: number;
}

/** What a scenario cost, from /proc. */
export interface ResourceUsage {
  readonly wallSeconds: number;
  /** Busy CPU-seconds of the whole machine (/proc/stat): everything that ran, whoever started it. */
  readonly machineCpuSeconds: number;
  /** CPU-seconds per label, summed over its processes (/proc/<pid>/stat). */
  readonly processCpuSeconds: Readonly<Record<string, number>>;
  /** The highest VmRSS sampled per label (its largest process), in MiB. */
  readonly peakRssMiB: Readonly<Record<string, number>>;
}

const CLOCK_TICKS = clockTicksPerSecond();
const MIB = 1_024 * 1_024;
const RESCAN_EVERY = 20;

function clockTicksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100; // USER_HZ is 100 on every mainstream Linux build
  }
}

/** A file's text, or undefined when it cannot be read (a process that exited, a file this kernel lacks). */
export function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function readStat(pid: number): ProcessStat | undefined {
  const text = readText(`/proc/${pid}/stat`);
  return text === undefined ? undefined : parseProcessStat(text);
}

export function readMachineCpu(): MachineCpu {
  return parseMachineCpu(readFileSync('/proc/stat', 'utf8'));
}

/** CPU-seconds the processes have used so far (those that have exited count 0). */
export function cpuSecondsOf(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + (readStat(pid)?.cpuTicks ?? 0), 0) / CLOCK_TICKS;
}

/** Every process on the machine that `classify` gives a label. */
export function findProcesses(classify: (pid: number, stat: ProcessStat, cmdline: () => string) => string | undefined): Tracked[] {
  const found: Tracked[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = readStat(pid);
    if (!stat) continue;
    const label = classify(pid, stat, () => readText(`/proc/${pid}/cmdline`) ?? '');
    if (label) found.push({ label, pid });
  }
  return found;
}

/**
 * Samples the RSS of the tracked processes every `everyMs` and measures CPU between
 * start and stop. `find` is asked again now and then, so processes started during the
 * scenario (a new PostgreSQL backend) are counted from their first tick.
 */
export class ResourceMonitor {
  private readonly startedAt = performance.now();
  private readonly machineAtStart = readMachineCpu();
  /** pid → CPU ticks when first seen (0 for a process born during the scenario), label, last ticks read. */
  private readonly cpu = new Map<number, { label: string; startTicks: number; lastTicks: number }>();
  private readonly peakRss = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;
  private samples = 0;

  constructor(private readonly find: () => readonly Tracked[], everyMs = 100) {
    this.discover(false);
    this.sampleRss();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  stop(): ResourceUsage {
    clearInterval(this.timer);
    this.sampleRss();
    const machine = readMachineCpu();
    const processCpuSeconds: Record<string, number> = {};
    for (const [pid, entry] of this.cpu) {
      const ticks = readStat(pid)?.cpuTicks ?? entry.lastTicks;
      processCpuSeconds[entry.label] = (processCpuSeconds[entry.label] ?? 0) + (ticks - entry.startTicks) / CLOCK_TICKS;
    }
    return {
      wallSeconds: (performance.now() - this.startedAt) / 1_000,
      machineCpuSeconds: (machine.busy - this.machineAtStart.busy) / CLOCK_TICKS,
      processCpuSeconds,
      peakRssMiB: Object.fromEntries([...this.peakRss].map(([label, bytes]) => [label, bytes / MIB])),
    };
  }

  private sample(): void {
    this.samples += 1;
    if (this.samples % RESCAN_EVERY === 0) this.discover(true);
    this.sampleRss();
  }

  private discover(bornDuringScenario: boolean): void {
    for (const { label, pid } of this.find()) {
      const known = this.cpu.get(pid);
      const ticks = readStat(pid)?.cpuTicks;
      if (ticks === undefined) continue;
      if (known) known.lastTicks = ticks;
      else this.cpu.set(pid, { label, startTicks: bornDuringScenario ? 0 : ticks, lastTicks: ticks });
    }
  }

  private sampleRss(): void {
    for (const [pid, { label }] of this.cpu) {
      const status = readText(`/proc/${pid}/status`);
      const rss = status === undefined ? undefined : parseStatusBytes(status, 'VmRSS');
      if (rss !== undefined && rss > (this.peakRss.get(label) ?? 0)) this.peakRss.set(label, rss);
    }
  }
}

/**
 * Waits until the processes together use at most `maxCores` of CPU over a window of
 * `windowMs`: the work a scenario left behind (rollups, relays) is done. Resolves false
 * when that has not happened within `capMs`.
 */
export async function awaitIdle(pids: () => readonly number[], maxCores: number, windowMs: number, capMs: number): Promise<boolean> {
  const deadline = performance.now() + capMs;
  while (performance.now() < deadline) {
    const watched = pids();
    const before = cpuSecondsOf(watched);
    await sleep(windowMs);
    if (cpuSecondsOf(watched) - before <= (maxCores * windowMs) / 1_000) return true;
  }
  return false;
}
