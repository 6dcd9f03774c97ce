export * from './data-source.js';
export * from './listener.js';
export * from './persistence.module.js';
export * from './group-commit.js';
export * from './storable-text.js';
export { ACTION_LOG_MIGRATIONS } from './actions/action-log.migrations.js';
export { ActionLogModule, ActionLogStore } from './actions/action-log.module.js';
