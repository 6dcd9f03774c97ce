export * from './address-guard.js';
export * from './url-guard.js';
