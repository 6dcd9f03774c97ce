export * from './incident.state.js';
export * from './incident.commands.js';
export * from './incident.policy.js';
export * from './incident.errors.js';
export { type DecideContext, type Decision, type IgnoredReason } from './incident.decision.js';
export { decide } from './incident.decider.js';
export { evolve, fold } from './incident.evolve.js';
export { toSnapshot } from './incident.snapshot.js';
export { autoResolveAt, nextTimerAt, stabiliseAt } from './incident.timers.js';
