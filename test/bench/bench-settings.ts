import { type SystemName } from './bench-receiver.js';

/** What `npm run bench` runs, from its environment. */
export interface BenchSettings {
  /** Burst sizes, in alerts (BENCH_SIZES, e.g. "1000,10000"). */
  readonly sizes: readonly number[];
  /** Alerts per request in a burst (BENCH_BATCH). */
  readonly batch: number;
  readonly steadyRate: number;
  readonly steadySeconds: number;
  /** BENCH_SYSTEMS: which sides run, in this order. */
  readonly systems: readonly SystemName[];
  /** A scenario whose deliveries stop arriving for this long counts what is missing as lost. */
  readonly stallSeconds: number;
  /** Pause after each scenario, so late duplicates are seen and the next starts from quiet. */
  readonly settleSeconds: number;
  /** How long Herald may take, after a scenario's last delivery, to become idle again. */
  readonly idleSeconds: number;
  /** BENCH_STAGES=none skips the stage benchmarks. */
  readonly stages: boolean;
  /**
   * The grouped storm (BENCH_GROUPED, `<alerts>/<groups>`, default `10000/100`; `none` skips it):
   * that many alerts in that many groups, which each system must notify once per group.
   */
  readonly grouped: { readonly alerts: number; readonly groups: number } | undefined;
  /** group_wait of the grouped storm, on both systems (BENCH_GROUP_WAIT_SECONDS). */
  readonly groupWaitSeconds: number;
  /**
   * Rounds of the acceptance burst (the 10k, or the largest size under it) on each side,
   * alternating (BENCH_REPEAT, default 3): the acceptance ratios are the median round's.
   */
  readonly repeat: number;
}

type Env = Readonly<Record<string, string | undefined>>;

function positive(env: Env, name: string, fallback: number, integer = true): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!(value > 0) || (integer && !Number.isInteger(value))) throw new Error(`${name} must be a positive ${integer ? 'integer' : 'number'}, got "${raw}"`);
  return value;
}

function list(env: Env, name: string, fallback: string): string[] {
  return (env[name]?.trim() || fallback).split(',').map((s) => s.trim()).filter(Boolean);
}

const MAX_PER_GROUP = 200;

function grouped(env: Env): BenchSettings['grouped'] {
  const raw = env.BENCH_GROUPED?.trim() || '10000/100';
  if (raw === 'none') return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(raw);
  const alerts = Number(match?.[1]);
  const groups = Number(match?.[2]);
  if (!match || !(alerts > 0) || !(groups > 0) || alerts % groups !== 0) {
    throw new Error(`BENCH_GROUPED must be <alerts>/<groups> with alerts a multiple of groups (e.g. 10000/100), or none; got "${raw}"`);
  }
  // Herald lists at most 200 incidents per group notification (the rest are counted, not named), so the
  // receiver could not tell which alerts a larger group's notification covered.
  if (alerts / groups > MAX_PER_GROUP) throw new Error(`BENCH_GROUPED: at most ${MAX_PER_GROUP} alerts per group, got ${alerts / groups}`);
  return { alerts, groups };
}

export function benchSettings(env: Env): BenchSettings {
  const sizes = list(env, 'BENCH_SIZES', '1000,10000,50000').map((s) => positive({ BENCH_SIZES: s }, 'BENCH_SIZES', 0));
  const systems = list(env, 'BENCH_SYSTEMS', 'alertmanager,herald');
  for (const system of systems) {
    if (system !== 'herald' && system !== 'alertmanager') throw new Error(`BENCH_SYSTEMS lists "${system}"; the systems are herald and alertmanager`);
  }
  return {
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    batch: positive(env, 'BENCH_BATCH', 100),
    steadyRate: positive(env, 'BENCH_STEADY_RATE', 50, false),
    steadySeconds: positive(env, 'BENCH_STEADY_SECONDS', 20, false),
    systems: [...new Set(systems as SystemName[])],
    stallSeconds: positive(env, 'BENCH_STALL_SECONDS', 120, false),
    settleSeconds: positive(env, 'BENCH_SETTLE_SECONDS', 3, false),
    idleSeconds: positive(env, 'BENCH_IDLE_SECONDS', 300, false),
    stages: env.BENCH_STAGES !== 'none',
    grouped: grouped(env),
    groupWaitSeconds: positive(env, 'BENCH_GROUP_WAIT_SECONDS', 5),
    repeat: positive(env, 'BENCH_REPEAT', 3),
  };
}
