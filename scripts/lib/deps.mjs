// Step 1: npm dependencies, installed only when missing or out of date.
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ROOT, isCI, which } from './host.mjs';
import { run } from './proc.mjs';
import { HeraldError, info } from './ui.mjs';

/** npm writes this "hidden lockfile" at the end of every install; its mtime is our "installed at". */
const HIDDEN_LOCK = join(ROOT, 'node_modules', '.package-lock.json');

/** Manifests whose change means the installed tree may be stale: the lockfile and every package.json. */
function manifests() {
  const files = [join(ROOT, 'package-lock.json'), join(ROOT, 'package.json')];
  for (const group of ['apps', 'libs']) {
    const dir = join(ROOT, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) files.push(join(dir, name, 'package.json'));
  }
  files.push(join(ROOT, 'test', 'package.json'));
  return files.filter((file) => existsSync(file));
}

/** Why an install is needed, or null when node_modules is up to date. */
export function installReason() {
  if (!existsSync(join(ROOT, 'node_modules'))) return 'node_modules is missing';
  if (!existsSync(HIDDEN_LOCK)) return 'node_modules looks incomplete (no node_modules/.package-lock.json)';
  const installedAt = statSync(HIDDEN_LOCK).mtimeMs;
  const changed = manifests().find((file) => statSync(file).mtimeMs > installedAt);
  return changed ? `${relative(ROOT, changed)} changed since the last install` : null;
}

/** The npm that came with this Node, even when PATH lacks it. */
function npmBinary() {
  const beside = join(dirname(process.execPath), 'npm');
  return which('npm') ?? (existsSync(beside) ? beside : null);
}

export async function ensureDependencies() {
  const reason = installReason();
  if (!reason) {
    info('node_modules is up to date');
    return;
  }
  const npm = npmBinary();
  if (!npm) throw new HeraldError('npm was not found on PATH', 'install npm (it ships with Node.js), e.g. apt-get install -y npm');
  // CI wants the exact locked tree (and a clear failure when the lockfile is out of sync);
  // a developer who edited a package.json wants the lockfile updated.
  const command = isCI() ? 'ci' : 'install';
  info(`${reason} → npm ${command}`);
  const code = await run(npm, [command, '--no-audit', '--no-fund']);
  if (code !== 0) {
    throw new HeraldError(
      `npm ${command} failed (exit ${code}); see npm's messages above`,
      command === 'ci'
        ? 'if npm says package.json and package-lock.json are out of sync: run `npm install` and commit package-lock.json;\notherwise check that the npm registry is reachable and re-run'
        : 'check that the npm registry is reachable (npm ping) and re-run; `rm -rf node_modules` first if the tree is broken',
    );
  }
  // npm may save package-lock.json after the hidden lockfile, which would make the next run
  // think the install is stale and install again. Mark the install as newer than everything.
  if (existsSync(HIDDEN_LOCK)) {
    const now = new Date();
    utimesSync(HIDDEN_LOCK, now, now);
  }
}
