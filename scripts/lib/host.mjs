// Facts about this machine and checkout that several steps need.
import { existsSync, mkdirSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root: scripts/lib/ is two levels below it, wherever the user's shell is. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Local state (logs, the NATS store) lives here; it is git-ignored. */
export const HERALD_DIR = join(ROOT, '.herald');

export function heraldDir(...parts) {
  mkdirSync(HERALD_DIR, { recursive: true });
  return join(HERALD_DIR, ...parts);
}

export function isCI() {
  const ci = process.env.CI;
  return Boolean(ci) && ci !== 'false' && ci !== '0';
}

export function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export function isDebian() {
  return existsSync('/etc/debian_version');
}

/** We only ever install system packages ourselves as root on Debian/Ubuntu; elsewhere we explain. */
export function canUseApt() {
  return isRoot() && isDebian() && which('apt-get') !== null;
}

/** How to phrase an install command for the user, depending on whether they need sudo. */
export function aptHint(packages) {
  const command = `apt-get install -y ${packages.join(' ')}`;
  if (!isDebian()) return `install ${packages.join(' ')} with your system's package manager`;
  return isRoot() ? command : `sudo ${command}`;
}

/** Daemons we may start ourselves must be on this machine; a remote host is someone else's to run. */
export function isLocalHost(host) {
  return ['127.0.0.1', 'localhost', '::1', '[::1]', '0.0.0.0', ''].includes(host) || host.startsWith('127.');
}

/**
 * Find an executable on PATH. Debian puts daemons in /usr/sbin, which a non-login
 * root shell (or CI) does not always have on PATH, so the sbin directories are searched too.
 */
export function which(name) {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const extra of ['/usr/local/sbin', '/usr/sbin', '/sbin']) if (!dirs.includes(extra)) dirs.push(extra);
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}
