// `npm run bench`: run the benchmark another module owns, passing its exit code through.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './host.mjs';
import { run } from './proc.mjs';
import { ensureTestTools } from './testtools.mjs';
import { HeraldError, step } from './ui.mjs';

const BENCH = 'test/dist/bench/bench.js';

export async function runBench(args, env) {
  if (!existsSync(join(ROOT, BENCH))) {
    throw new HeraldError(`${BENCH} does not exist`, 'the benchmark is built from test/bench/bench.ts; add it, or check the build output above');
  }
  // The bench runs Herald beside a real Alertmanager, installed as the test set-up installs
  // it; without one it runs Herald's side alone and says so.
  const toolEnv = await step('alertmanager', () => ensureTestTools({ only: ['alertmanager'] }));
  const code = await step('bench', async () => {
    const exitCode = await run(process.execPath, ['--enable-source-maps', BENCH, ...args], { env: { ...env, ...toolEnv } });
    return { ok: exitCode === 0, exitCode };
  });
  return code.exitCode;
}
