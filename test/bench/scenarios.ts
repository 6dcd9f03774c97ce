import { TARGETS } from './comparison.js';
import { type BenchSettings } from './bench-settings.js';

export interface Scenario {
  readonly name: string;
  readonly kind: 'burst' | 'steady' | 'grouped';
  readonly alerts: number;
  /** The grouped storm: its alerts fall into this many groups, each to be notified once. */
  readonly groups?: number;
  /** The acceptance burst run again: its round (2, 3, …); the first run has none. */
  readonly round?: number;
}

/**
 * The scenarios in the order they run: the bursts up to the issue's 10,000 (the largest of them
 * in `repeat` rounds, each side in turn: the acceptance figures are the median round's), then the steady
 * rate (the issue's workload: "10,000 alerts … then a steady 50 alerts/s"), then the larger
 * bursts, then the grouped storm. Herald runs them all on one stack, so the steady phase must
 * not follow the 50,000-alert burst: that burst leaves ~370 MB of dirty pages (PostgreSQL's
 * tables, the streams' files) which the kernel writes back 30 s later (vm.dirty_expire), and on
 * this host's disk every commit's fdatasync then waits 20–40 ms behind the writeback. That is
 * the host's disk under a backlog, not Herald's path, and Alertmanager (a fresh process per
 * scenario, which never syncs) is not measured under it either.
 */
export function scenarios(settings: Pick<BenchSettings, 'sizes' | 'steadyRate' | 'steadySeconds' | 'grouped' | 'repeat'>): Scenario[] {
  const burst = (size: number): Scenario => ({ name: `burst-${size}`, kind: 'burst', alerts: size });
  const small = settings.sizes.filter((size) => size <= TARGETS.burstSize);
  // The acceptance burst again, right after its first round: on a host whose speed drifts, one
  // round of each side can land either side of a target; the median of alternating rounds holds.
  const judged = small.at(-1);
  const rounds: Scenario[] =
    judged === undefined ? [] : Array.from({ length: settings.repeat - 1 }, (_, i) => ({ name: `burst-${judged}-r${i + 2}`, kind: 'burst' as const, alerts: judged, round: i + 2 }));
  return [
    ...small.map(burst),
    ...rounds,
    { name: 'steady', kind: 'steady', alerts: Math.round(settings.steadyRate * settings.steadySeconds) },
    ...settings.sizes.filter((size) => size > TARGETS.burstSize).map(burst),
    ...(settings.grouped ? [{ name: 'grouped', kind: 'grouped' as const, alerts: settings.grouped.alerts, groups: settings.grouped.groups }] : []),
  ];
}
