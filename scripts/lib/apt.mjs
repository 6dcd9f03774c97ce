// Debian package installs, used only as root on Debian when a required tool is absent.
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { heraldDir } from './host.mjs';
import { runToLog, tail } from './proc.mjs';
import { HeraldError, info } from './ui.mjs';

const POLICY_RC_D = '/usr/sbin/policy-rc.d';
const MARKER = '# created by Herald scripts/lib/apt.mjs';

// Never ask a question (CI has no stdin); wait for a dpkg lock held by another apt instead of failing;
// keep existing config files on upgrades instead of prompting.
const APT_OPTIONS = [
  '-q',
  '-o', 'DPkg::Lock::Timeout=300',
  '-o', 'Dpkg::Options::=--force-confdef',
  '-o', 'Dpkg::Options::=--force-confold',
];

let listsUpdated = false;

function aptEnv() {
  return { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
}

async function aptGet(args, what) {
  const log = heraldDir('apt.log');
  const { code, output } = await runToLog('apt-get', [...APT_OPTIONS, ...args], log, { env: aptEnv() });
  if (code !== 0) {
    throw new HeraldError(
      `${what} failed (apt-get exit ${code}):\n${tail(output)}`,
      `see .herald/apt.log, then run by hand: DEBIAN_FRONTEND=noninteractive apt-get ${args.join(' ')}`,
    );
  }
}

/** `apt-get update` at most once per run: package lists on a fresh machine are often empty. */
async function updateListsOnce() {
  if (listsUpdated) return;
  info('apt-get update');
  await aptGet(['update'], 'apt-get update');
  listsUpdated = true;
}

/**
 * Packages such as prometheus start their daemon from postinst via systemd. Without systemd
 * (containers, CI) that start fails and would leave the package half-configured; with systemd
 * it would start a daemon we did not ask for. A policy-rc.d that exits 101 tells
 * invoke-rc.d/deb-systemd-invoke "do not start services", so postinst completes either way.
 * An existing policy-rc.d (e.g. Docker's) is left alone; ours is removed afterwards.
 */
async function withServiceStartsBlocked(fn) {
  const ours = !existsSync(POLICY_RC_D) || readFileSync(POLICY_RC_D, 'utf8').includes(MARKER);
  if (ours) writeFileSync(POLICY_RC_D, `#!/bin/sh\n${MARKER}\n# Stop package installs from starting services.\nexit 101\n`, { mode: 0o755 });
  try {
    return await fn();
  } finally {
    if (ours) unlinkSync(POLICY_RC_D);
  }
}

/** Install Debian packages non-interactively; throws a HeraldError with the apt output on failure. */
export async function aptInstall(packages, { noRecommends = false } = {}) {
  await updateListsOnce();
  const args = ['install', '-y', ...(noRecommends ? ['--no-install-recommends'] : []), ...packages];
  info(`apt-get ${args.join(' ')}  (log: .herald/apt.log)`);
  await withServiceStartsBlocked(() => aptGet(args, `installing ${packages.join(', ')}`));
}
