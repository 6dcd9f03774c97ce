// Step 3: the infrastructure Herald runs on. Each check is quick when everything is already up,
// so every command can run it unconditionally.
import { ensureNats } from './nats.mjs';
import { ensurePostgres } from './postgres.mjs';
import { ensureTestTools } from './testtools.mjs';
import { step } from './ui.mjs';

/** Returns extra environment for child processes (test tools' locations when `testTools`). */
export async function ensureInfrastructure(env, { testTools = false } = {}) {
  await step('nats', () => ensureNats(env));
  await step('postgres', () => ensurePostgres(env));
  if (!testTools) return {};
  return step('test tools', () => ensureTestTools());
}
