import { z } from 'zod';

export const CircuitBreakerConfig = z.object({
  /** Consecutive recoverable failures that open the circuit. */
  failureThreshold: z.number().int().min(1).max(1000).default(5),
  /** How long an open circuit rejects before letting one probe through. */
  cooldownMs: z.number().int().min(1000).max(3_600_000).default(60_000),
  /** A probe with no recorded result after this long is presumed lost and another is allowed. */
  probeTimeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
});
export type CircuitBreakerConfig = z.output<typeof CircuitBreakerConfig>;

/**
 * `failingSince` is when the current run of recoverable failures began (epoch ms); it
 * survives opening and half-opening and is cleared by any response that shows the endpoint alive.
 */
export type CircuitState =
  | { readonly status: 'closed'; readonly consecutiveFailures: number; readonly failingSince?: number }
  | { readonly status: 'open'; readonly openedAt: number; readonly failingSince?: number }
  | { readonly status: 'half_open'; readonly probeStartedAt: number; readonly failingSince?: number };

export const CLOSED_CIRCUIT: CircuitState = { status: 'closed', consecutiveFailures: 0 };

/**
 * While a probe is out, other sends ask again this often rather than waiting for the probe to be
 * presumed lost: a probe that succeeds in milliseconds releases them within about this long.
 * (They are held in the broker, which cannot call them back early, so this is a poll; a probe
 * lasts at most the request timeout, so the cost is bounded.)
 */
export const PROBE_RECHECK_MS = 500;

/** Why a send was refused: the circuit is open (cooldown), or a probe is out and its result not in yet. */
export type Refusal = 'open' | 'probing';

export type Admission = { allowed: true; state: CircuitState } | { allowed: false; retryInMs: number; refusal: Refusal };

/** Whether a send may go out now. Moving from open to half-open admits exactly one probe. */
export function admit(state: CircuitState, now: number, config: CircuitBreakerConfig): Admission {
  switch (state.status) {
    case 'closed':
      return { allowed: true, state };
    case 'open': {
      const reopensAt = state.openedAt + config.cooldownMs;
      if (now < reopensAt) return { allowed: false, retryInMs: reopensAt - now, refusal: 'open' };
      return { allowed: true, state: { status: 'half_open', probeStartedAt: now, failingSince: state.failingSince } };
    }
    case 'half_open': {
      const probeLostAt = state.probeStartedAt + config.probeTimeoutMs;
      if (now < probeLostAt) return { allowed: false, retryInMs: Math.min(probeLostAt - now, PROBE_RECHECK_MS), refusal: 'probing' };
      return { allowed: true, state: { ...state, probeStartedAt: now } };
    }
  }
}

/**
 * `success`: 2xx. `recoverable_failure`: what the retry policy would retry (5xx, 429 without
 * Retry-After, timeouts, network). `other_failure`: a non-recoverable answer (e.g. 400): the
 * endpoint is up, so it breaks a run of failures rather than extending it. `throttled`: 429 with
 * Retry-After, the receiver asking for a pause (honoured elsewhere): no failure, so it neither
 * counts towards opening nor breaks a run; a probe answered so has found the endpoint up.
 */
export type AttemptResult = 'success' | 'recoverable_failure' | 'other_failure' | 'throttled';

/** The state after an attempt's result. Results arriving while open (sent before it opened) change nothing. */
export function recordResult(state: CircuitState, result: AttemptResult, now: number, config: CircuitBreakerConfig): CircuitState {
  if (result === 'throttled') {
    if (state.status !== 'half_open') return state;
    return { status: 'closed', consecutiveFailures: 0, ...(state.failingSince !== undefined ? { failingSince: state.failingSince } : {}) };
  }
  if (result !== 'recoverable_failure') {
    return state.status === 'open' ? state : CLOSED_CIRCUIT;
  }
  switch (state.status) {
    case 'closed': {
      const consecutiveFailures = state.consecutiveFailures + 1;
      const failingSince = state.failingSince ?? now;
      if (consecutiveFailures >= config.failureThreshold) return { status: 'open', openedAt: now, failingSince };
      return { status: 'closed', consecutiveFailures, failingSince };
    }
    case 'open':
      return state;
    case 'half_open':
      return { status: 'open', openedAt: now, failingSince: state.failingSince ?? now };
  }
}

/** A receiver failing without a break for `disableAfterSeconds` should be disabled (0 = never). */
export function shouldDisableReceiver(input: { failingSince: number | undefined; now: number; disableAfterSeconds: number }): boolean {
  const { failingSince, now, disableAfterSeconds } = input;
  if (failingSince === undefined || disableAfterSeconds <= 0) return false;
  return now - failingSince >= disableAfterSeconds * 1000;
}
