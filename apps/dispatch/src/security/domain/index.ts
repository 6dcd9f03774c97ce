export * from './address-guard.js';
export * from './url-guard.js';
export * from './plain-http.js';
export * from './pem.js';
