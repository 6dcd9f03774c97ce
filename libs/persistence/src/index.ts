export * from './data-source.js';
export * from './listener.js';
export * from './persistence.module.js';
