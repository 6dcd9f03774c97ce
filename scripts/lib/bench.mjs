// `npm run bench`: run the benchmark another module owns, passing its exit code through.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './host.mjs';
import { run } from './proc.mjs';
import { HeraldError, step } from './ui.mjs';

const BENCH = 'test/dist/bench/bench.js';

export async function runBench(args, env) {
  if (!existsSync(join(ROOT, BENCH))) {
    throw new HeraldError(`${BENCH} does not exist`, 'the benchmark is built from test/src/bench/bench.ts; add it, or check the build output above');
  }
  const code = await step('bench', async () => {
    const exitCode = await run(process.execPath, ['--enable-source-maps', BENCH, ...args], { env });
    return { ok: exitCode === 0, exitCode };
  });
  return code.exitCode;
}
