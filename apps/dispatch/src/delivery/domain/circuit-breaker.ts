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

export type Admission = { allowed: true; state: CircuitState } | { allowed: false; retryInMs: number };

/** Whether a send may go out now. Moving from open to half-open admits exactly one probe. */
export function admit(state: CircuitState, now: number, config: CircuitBreakerConfig): Admission {
  switch (state.status) {
    case 'closed':
      return { allowed: true, state };
    case 'open': {
      const reopensAt = state.openedAt + config.cooldownMs;
      if (now < reopensAt) return { allowed: false, retryInMs: reopensAt - now };
      return { allowed: true, state: { status: 'half_open', probeStartedAt: now, failingSince: state.failingSince } };
    }
    case 'half_open': {
      const probeLostAt = state.probeStartedAt + config.probeTimeoutMs;
      if (now < probeLostAt) return { allowed: false, retryInMs: probeLostAt - now };
      return { allowed: true, state: { ...state, probeStartedAt: now } };
    }
  }
}

/**
 * `success`: 2xx. `recoverable_failure`: what the retry policy would retry (5xx, 429,
 * timeouts, network). `other_failure`: a non-recoverable answer (e.g. 400): the endpoint is up,
 * so it breaks a run of failures rather than extending it.
 */
export type AttemptResult = 'success' | 'recoverable_failure' | 'other_failure';

/** The state after an attempt's result. Results arriving while open (sent before it opened) change nothing. */
export function recordResult(state: CircuitState, result: AttemptResult, now: number, config: CircuitBreakerConfig): CircuitState {
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
