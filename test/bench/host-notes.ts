/*
 * Facts about the host that change what the figures mean, read from sysfs. Pure: the reader
 * is passed in, so these are table-tested without a kernel that has them.
 */

const KDAMONDS = '/sys/kernel/mm/damon/admin/kdamonds';

/** The text of a file, or undefined when it cannot be read. */
export type ReadText = (path: string) => string | undefined;

/**
 * A note when the kernel's DAMON monitor (kdamond) is running. On the host the benchmark was
 * first measured on, kdamond sampled the physical address space every 500 ms, and each sample
 * stalled every process for 4-12 ms at once (event-loop lag seen in all four services in the
 * same 20 ms, `perf` showing kdamond.0 then). A system with an alert in flight at that moment
 * shows it in its latency: one with ~10 ms in flight per alert far more often than one with ~1 ms.
 */
export function damonNote(read: ReadText): string | undefined {
  const count = Number(read(`${KDAMONDS}/nr_kdamonds`)?.trim());
  if (!Number.isInteger(count) || count <= 0) return undefined;
  const running: string[] = [];
  for (let i = 0; i < count; i += 1) {
    if (read(`${KDAMONDS}/${i}/state`)?.trim() !== 'on') continue;
    const context = `${KDAMONDS}/${i}/contexts/0`;
    const operations = read(`${context}/operations`)?.trim();
    const sampleUs = Number(read(`${context}/monitoring_attrs/intervals/sample_us`)?.trim());
    const every = Number.isFinite(sampleUs) && sampleUs > 0 ? `, a sample every ${sampleUs / 1_000} ms` : '';
    running.push(`kdamond ${i}${operations ? ` (${operations}${every})` : every ? ` (${every.slice(2)})` : ''}`);
  }
  if (running.length === 0) return undefined;
  return `the kernel's DAMON memory monitor is running (${running.join('; ')}): each sample stalls every process on the host for a few ms, which lands in the latency of whichever alerts are in flight then (README, Performance)`;
}
