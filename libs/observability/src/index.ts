export * from './context.js';
export * from './logger.js';
export * from './metrics.js';
export * from './health.js';
export * from './observability.module.js';
export * from './nest-logger.js';
export * from './bootstrap.js';
export * from './admin-token.guard.js';
