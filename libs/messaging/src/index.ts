export * from './topology.js';
export * from './connection.js';
export * from './provisioning.js';
export * from './publisher.js';
export * from './consumer-runner.js';
export * from './outcome.js';
export * from './errors.js';
export * from './messaging.module.js';
