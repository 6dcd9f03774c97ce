export * from './load-config.js';
export * from './env.js';
export * from './config-file.js';
export * from './access-env.js';
export * from './secrets-key.js';
export * from './secret-refs.js';
