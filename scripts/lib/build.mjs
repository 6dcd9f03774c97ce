// Step 2: compile every project with TypeScript project references (incremental), then
// type-check and bundle the console (apps/console, a browser app: vite, not tsc -b).
import { chmodSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from './host.mjs';
import { run } from './proc.mjs';
import { HeraldError } from './ui.mjs';

export async function build() {
  // Call the workspace's own compiler directly: `npx tsc` would fall back to downloading an
  // unrelated "tsc" package from the registry if typescript were missing.
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!existsSync(tsc)) {
    throw new HeraldError('TypeScript is not installed (node_modules/typescript is missing)', 'rm -rf node_modules && npm install');
  }
  const code = await run(process.execPath, [tsc, '-b', 'tsconfig.json']);
  if (code !== 0) {
    throw new HeraldError(
      `the TypeScript build failed (tsc exit ${code}); the compiler errors are above`,
      'fix the reported errors and re-run; `npm run build` runs only this step',
    );
  }
  // npm links the CLI's bin (node_modules/.bin/herald) at install time, before it is built, and
  // skips the link when the install ran before the CLI existed: make sure it is there.
  chmodSync(join(ROOT, 'apps', 'cli', 'dist', 'main.js'), 0o755);
  const bin = join(ROOT, 'node_modules', '.bin', 'herald');
  rmSync(bin, { force: true });
  mkdirSync(dirname(bin), { recursive: true });
  symlinkSync(join('..', '@herald', 'cli', 'dist', 'main.js'), bin);
  await buildConsole(tsc);
}

/** The console's pages, served by the gateway from apps/console/dist/web. */
async function buildConsole(tsc) {
  const checked = await run(process.execPath, [tsc, '-p', 'apps/console']);
  if (checked !== 0) {
    throw new HeraldError(`the console does not type-check (tsc exit ${checked}); the errors are above`, 'fix them and re-run `npm run build`');
  }
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  // dist/web, not dist: tsc -b writes the console's pure logic (and its tests) to dist/logic.
  const bundled = await run(process.execPath, [vite, 'build', 'apps/console', '--outDir', 'dist/web', '--logLevel', 'warn']);
  if (bundled !== 0) {
    throw new HeraldError(`bundling the console failed (vite exit ${bundled}); the errors are above`, 'fix them and re-run `npm run build`');
  }
}
