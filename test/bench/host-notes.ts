/*
 * Facts about the host that change what the figures mean, read from sysfs. Pure: the reader
 * is passed in, so these are table-tested without a kernel that has them.
 */

const KDAMONDS = '/sys/kernel/mm/damon/admin/kdamonds';

/** The text of a file, or undefined when it cannot be read. */
export type ReadText = (path: string) => string | undefined;

/**
 * A note when the kernel's DAMON monitor (kdamond) is running. On the 2-core host the benchmark
 * was measured on, kdamond sampled the physical address space every 500 ms and took a core for
 * 4-10 ms each time; with the pipeline keeping the other core about half busy, every service's
 * event loop then ran 4-12 ms late at once. An alert in flight at that moment shows it in its
 * latency: far more often for a system with ~10 ms in flight per alert than for one with ~1 ms.
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
    const details = [operations || undefined, sampleUs > 0 ? `a sample every ${sampleUs / 1_000} ms` : undefined].filter((d) => d !== undefined);
    running.push(details.length > 0 ? `kdamond ${i} (${details.join(', ')})` : `kdamond ${i}`);
  }
  if (running.length === 0) return undefined;
  return `the kernel's DAMON memory monitor is running (${running.join('; ')}): each sample takes a core for a few ms, and on a busy host every process then waits its turn, which lands in the latency of whichever alerts are in flight (README, Performance)`;
}
