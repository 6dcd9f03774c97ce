/*
 * Parsers for the Linux /proc files the benchmark reads (proc(5)). Pure: they take the
 * file's text, so they are table-tested without a /proc.
 */

/** CPU time in clock ticks (USER_HZ) from the aggregate `cpu` line of /proc/stat. */
export interface MachineCpu {
  /** Ticks spent doing work: user, nice, system, irq, softirq, steal (guest time is inside user). */
  readonly busy: number;
  /** busy plus idle and iowait. */
  readonly total: number;
}

export function parseMachineCpu(procStat: string): MachineCpu {
  const line = procStat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('/proc/stat has no aggregate "cpu" line');
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/** The fields of /proc/<pid>/stat the benchmark needs. */
export interface ProcessStat {
  readonly comm: string;
  readonly ppid: number;
  /** utime + stime, in clock ticks. */
  readonly cpuTicks: number;
}

export function parseProcessStat(text: string): ProcessStat {
  // comm is in parentheses and may itself hold spaces and parentheses: split after the last ')'.
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc/<pid>/stat line: ${text.slice(0, 80)}`);
  // After comm: state(3) ppid(4) … utime(14) stime(15); index 0 here is field 3.
  const rest = text.slice(close + 2).trim().split(/\s+/);
  return { comm: text.slice(open + 1, close), ppid: Number(rest[1]), cpuTicks: Number(rest[11]) + Number(rest[12]) };
}

/** A `Vm…:  12345 kB` field of /proc/<pid>/status in bytes, or undefined (kernel threads have none). */
export function parseStatusBytes(text: string, field: 'VmRSS' | 'VmHWM'): number | undefined {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(text);
  return match ? Number(match[1]) * 1_024 : undefined;
}

/** The Herald service a command line runs (`…/apps/<name>/dist/main.js`), or undefined. */
export function heraldServiceOf(cmdline: string): string | undefined {
  return /\/apps\/([\w-]+)\/dist\/main\.js(?:\0|$)/.exec(cmdline)?.[1];
}
