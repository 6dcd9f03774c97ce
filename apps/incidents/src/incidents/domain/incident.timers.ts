import { type IncidentPolicy } from './incident.policy.js';
import { type Incident, type IncidentState, isOpen } from './incident.state.js';
import { addSeconds, earliest, notBefore, secondsBetween } from './incident.time.js';

/**
 * When an open incident resolves itself: the latest trigger's `endsAt`, else
 * `autoResolveAfterSeconds` after the last alert. Derived, not stored, so a policy change
 * applies to incidents that are already open.
 */
export function autoResolveAt(state: IncidentState, policy: IncidentPolicy): string | undefined {
  if (!isOpen(state)) return undefined;
  if (state.endsAt !== null) return state.endsAt;
  const after = policy.autoResolveAfterSeconds;
  return after === null ? undefined : addSeconds(state.lastAlertAt, after);
}

/** When a flapping incident counts as stable again if it does not cycle before then. */
export function stabiliseAt(state: IncidentState, policy: IncidentPolicy): string | undefined {
  if (state.status === 'none' || !state.flapping) return undefined;
  return addSeconds(state.cycles.at(-1) ?? state.lastAlertAt, policy.flapping.calmSeconds);
}

/** The next instant a `CheckTimers` has work to do; the shell persists it so it survives restarts. */
export const nextTimerAt = (state: IncidentState, policy: IncidentPolicy): string | undefined =>
  earliest([autoResolveAt(state, policy), stabiliseAt(state, policy)]);

export const isAutoResolveDue = (state: IncidentState, at: string, policy: IncidentPolicy): boolean => {
  const deadline = autoResolveAt(state, policy);
  return deadline !== undefined && notBefore(at, deadline);
};

export const isStabiliseDue = (state: IncidentState, at: string, policy: IncidentPolicy): boolean => {
  const calmFrom = stabiliseAt(state, policy);
  return calmFrom !== undefined && notBefore(at, calmFrom);
};

/** Cycles inside the flapping window that ends at `at`, counting one more closing now. */
export const cyclesWithReopenAt = (state: Incident, at: string, policy: IncidentPolicy): number =>
  state.cycles.filter((t) => secondsBetween(t, at) < policy.flapping.windowSeconds).length + 1;
