export * from './data-source.js';
export * from './listener.js';
export * from './persistence.module.js';
export * from './group-commit.js';
export * from './polling-loop.js';
export { compressWithDefault, compressWithLz4 } from './compression.js';
// Kept here too: storing is where it matters, and existing callers import it from here.
export { storableText } from '@herald/contracts';
export * from './typeorm-logger.js';
export { ACTION_LOG_MIGRATIONS } from './actions/action-log.migrations.js';
export { ActionLogModule, ActionLogStore } from './actions/action-log.module.js';
export { isSealed, needsResealing, openSecret, resealSecret, sealedKeyId, sealSecret, SecretsKeyError } from './secrets/sealed-secret.js';
export { queryPrepared, statementName } from './prepared-query.js';
export { inPipelinedTransaction, PipelinedTransaction, type PreparedStatement, type PreparedStatements } from './pipelined-transaction.js';
export { jsonbRows } from './jsonb-rows.js';
export { packTexts, unpackedText, type TextSpan } from './packed-texts.js';
