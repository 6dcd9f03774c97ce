/**
 * A heartbeat (dead man's switch) as pure logic: given its state, a ping or a due-check and its
 * settings, what it becomes and what Herald must announce. Times are epoch milliseconds.
 */

/** A ping is due every `intervalSeconds`; `graceSeconds` more are allowed before it counts as missed. */
export interface HeartbeatTiming {
  readonly intervalSeconds: number;
  readonly graceSeconds: number;
}

/**
 * `waiting`: never pinged; it arms on its first ping, so a heartbeat set up before its sender
 * does not page anyone. `up`: pinged in time. `missing`: its incident (miss number `misses`) is open.
 */
export type HeartbeatState =
  | { readonly status: 'waiting'; readonly misses: number }
  | { readonly status: 'up'; readonly lastPingAt: number; readonly misses: number }
  | { readonly status: 'missing'; readonly lastPingAt: number; readonly misses: number; readonly missedAt: number };

export type HeartbeatInput = { readonly type: 'ping'; readonly at: number } | { readonly type: 'check'; readonly at: number };

/**
 * What to announce. `miss` numbers the misses of one heartbeat (1, 2, …) so the announcement of
 * each has an id of its own that a retry, a restart or a second replica repeats exactly.
 */
export type HeartbeatEffect =
  | { readonly kind: 'none' }
  | { readonly kind: 'open'; readonly miss: number; readonly lastPingAt: number; readonly silentSeconds: number }
  | { readonly kind: 'resolve'; readonly miss: number };

export interface HeartbeatDecision {
  readonly state: HeartbeatState;
  readonly effect: HeartbeatEffect;
}

export const INITIAL_HEARTBEAT: HeartbeatState = { status: 'waiting', misses: 0 };

const NOTHING: HeartbeatEffect = { kind: 'none' };

/** When a heartbeat last pinged at `lastPingAt` counts as missed. */
export function missedAfter(lastPingAt: number, timing: HeartbeatTiming): number {
  return lastPingAt + (timing.intervalSeconds + timing.graceSeconds) * 1_000;
}

export function decideHeartbeat(state: HeartbeatState, input: HeartbeatInput, timing: HeartbeatTiming): HeartbeatDecision {
  return input.type === 'ping' ? ping(state, input.at) : check(state, input.at, timing);
}

function ping(state: HeartbeatState, at: number): HeartbeatDecision {
  // Replicas' clocks differ a little: a ping never moves the last ping back.
  const lastPingAt = state.status === 'waiting' ? at : Math.max(state.lastPingAt, at);
  const up: HeartbeatState = { status: 'up', lastPingAt, misses: state.misses };
  if (state.status === 'missing') return { state: up, effect: { kind: 'resolve', miss: state.misses } };
  return { state: up, effect: NOTHING };
}

function check(state: HeartbeatState, at: number, timing: HeartbeatTiming): HeartbeatDecision {
  if (state.status !== 'up' || at < missedAfter(state.lastPingAt, timing)) return { state, effect: NOTHING };
  const miss = state.misses + 1;
  return {
    state: { status: 'missing', lastPingAt: state.lastPingAt, misses: miss, missedAt: at },
    effect: { kind: 'open', miss, lastPingAt: state.lastPingAt, silentSeconds: Math.floor((at - state.lastPingAt) / 1_000) },
  };
}
