import { readFileSync } from 'node:fs';
import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client';

/** How often the event-loop delay histogram (`nodejs_eventloop_lag_*`) samples. */
export const EVENT_LOOP_SAMPLE_MS = 100;

const NON_COUNTER_TOTALS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/** Herald's version, from this package's manifest (every package of the monorepo carries the same). */
function heraldVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * One registry per service, with Node's default process metrics and `herald_build_info`
 * (always 1; its labels say which service, Herald version and Node.js version run, for
 * joins like `… * on (instance) group_left (version) herald_build_info`).
 */
export function createMetricsRegistry(service = 'unknown'): Registry {
  const registry = new Registry();
  // The event-loop delay histogram samples on a timer: prom-client's default (every 10 ms) woke
  // each idle service 100 times a second. Every 100 ms still records any stall of 100 ms or
  // more, and a tenth of the shorter ones, at a tenth of the wake-ups.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  // prom-client names these gauges `_total`, which Prometheus reserves for counters
  // (`promtool check metrics` flags them); the per-type gauges without the suffix stay.
  for (const name of NON_COUNTER_TOTALS) registry.removeSingleMetric(name);
  new Gauge({
    name: 'herald_build_info',
    help: 'Always 1; labels name the service, the Herald version and the Node.js version',
    labelNames: ['service', 'version', 'nodejs_version'],
    registers: [registry],
  }).set({ service, version: heraldVersion(), nodejs_version: process.versions.node }, 1);
  return registry;
}

export { Registry } from 'prom-client';

/*
 * Get-or-create helpers: several components of one service (two consumer runners,
 * say) share a registry, and prom-client refuses to register a name twice.
 */
export function counter<L extends string>(registry: Registry, config: Omit<CounterConfiguration<L>, 'registers'>): Counter<L> {
  return (registry.getSingleMetric(config.name) as Counter<L> | undefined) ?? new Counter({ ...config, registers: [registry] });
}

export function gauge<L extends string>(registry: Registry, config: Omit<GaugeConfiguration<L>, 'registers'>): Gauge<L> {
  return (registry.getSingleMetric(config.name) as Gauge<L> | undefined) ?? new Gauge({ ...config, registers: [registry] });
}

export function histogram<L extends string>(registry: Registry, config: Omit<HistogramConfiguration<L>, 'registers'>): Histogram<L> {
  return (registry.getSingleMetric(config.name) as Histogram<L> | undefined) ?? new Histogram({ ...config, registers: [registry] });
}
