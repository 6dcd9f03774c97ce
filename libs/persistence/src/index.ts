export * from './data-source.js';
export * from './listener.js';
export * from './persistence.module.js';
export * from './group-commit.js';
export * from './storable-text.js';
export { isSealed, needsResealing, openSecret, resealSecret, sealedKeyId, sealSecret, SecretsKeyError } from './secrets/sealed-secret.js';
