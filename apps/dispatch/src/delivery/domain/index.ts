export * from './attempt-outcome.js';
export * from './retry-after.js';
export * from './retry.policy.js';
export * from './rate-limit.js';
export * from './circuit-breaker.js';
export * from './repeat.policy.js';
export * from './delivery-policy.js';
export * from './oauth2-token.js';
