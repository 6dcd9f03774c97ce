import { setFlagsFromString } from 'node:v8';

/**
 * How far each service's old generation may grow past what a full collection left, in percent,
 * where it has the memory to spare. Under `--max-old-space-size=256` (deploy/service-runtime.json)
 * V8 allows about 30%, so in an alert storm a service that promotes much of what it holds in
 * flight runs a full collection every few MiB it promotes: in a 10,000-alert burst, marking and
 * sweeping were a third of incidents' CPU (`perf`). The marking work falls with 1/growth, for a
 * higher resident peak, which these services can afford under the 150 MiB target: ingestion and
 * analytics peak near 115-125 MiB, incidents near 131-141 at V8's rule.
 * With one V8 worker thread per service (`--v8-pool-size=1`, deploy/service-runtime.json) a full
 * collection takes longer to finish and the peaks rose by 2-4 MiB (dispatch 144-150 MiB at V8's rule,
 * incidents 143-148 at 50%): dispatch is held to 15%, under V8's own 20-30% (140-146 MiB, its CPU in the
 * 10k burst the same within noise), incidents to 35% (139-141 MiB) (README, Performance).
 */
export const HEAP_GROWTH_PERCENT: Readonly<Record<string, number>> = {
  ingestion: 100,
  incidents: 35,
  dispatch: 15,
  analytics: 100,
};

/** The growth this service runs with: the configured one (`HERALD_HEAP_GROWTH_PERCENT`), else its own; 0 is V8's rule. */
export function heapGrowthPercent(service: string, configured: number | undefined): number {
  return configured ?? (Object.hasOwn(HEAP_GROWTH_PERCENT, service) ? (HEAP_GROWTH_PERCENT[service] ?? 0) : 0);
}

/**
 * Applies `percent` to this process. V8 reads the flag each time it sets the next full
 * collection's limit, so setting it at start, before the service takes any traffic, is the
 * same as passing `--heap-growing-percent` on the command line, which NODE_OPTIONS does not
 * allow; 0 leaves V8's rule.
 */
export function applyHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${Math.trunc(percent)}`);
}
