// Optional tools some tests use: promtool (validates our Prometheus rules/metrics),
// Alertmanager (a real sender for the webhook source; its amtool drives the gateway's
// Alertmanager API) and Chromium (the console's browser tests, through playwright-core; a
// browser is never downloaded). Missing tools skip those tests.
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { delimiter } from 'node:path';
import { aptInstall } from './apt.mjs';
import { aptHint, canUseApt, heraldDir, which } from './host.mjs';
import { info, warn } from './ui.mjs';

/** Debian names the Alertmanager binary prometheus-alertmanager; upstream tarballs say alertmanager. */
const TOOLS = [
  { name: 'promtool', binaries: ['promtool'], pkg: 'prometheus' },
  { name: 'alertmanager', binaries: ['alertmanager', 'prometheus-alertmanager'], pkg: 'prometheus-alertmanager' },
  { name: 'chromium', binaries: ['chromium', 'chromium-browser'], pkg: 'chromium' },
];

function locate(tool) {
  for (const binary of tool.binaries) {
    const path = which(binary);
    if (path) return path;
  }
  return null;
}

/**
 * Make each found tool callable by its upstream name via .herald/bin (put first on PATH for the
 * tests), and name it in HERALD_PROMTOOL / HERALD_ALERTMANAGER. Returns env additions.
 */
function exposeTools(found) {
  const binDir = heraldDir('bin');
  mkdirSync(binDir, { recursive: true });
  const env = { PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}` };
  for (const [name, path] of Object.entries(found)) {
    const link = `${binDir}/${name}`;
    rmSync(link, { force: true });
    symlinkSync(path, link);
    env[`HERALD_${name.toUpperCase()}`] = path;
  }
  return env;
}

/** `only` narrows the tools to some of them by name, e.g. ['alertmanager'] for `npm run bench`. */
export async function ensureTestTools({ only } = {}) {
  const tools = only ? TOOLS.filter((tool) => only.includes(tool.name)) : TOOLS;
  let missing = tools.filter((tool) => !locate(tool));
  if (missing.length > 0 && canUseApt()) {
    info(`installing ${missing.map((t) => t.name).join(' and ')} for the tests that use them`);
    try {
      await aptInstall(missing.map((t) => t.pkg), { noRecommends: true });
    } catch (error) {
      // Optional: a failed install costs only the tests that need these tools.
      warn(`could not install ${missing.map((t) => t.pkg).join(' ')}: ${error.message.split('\n')[0]}`);
    }
    missing = tools.filter((tool) => !locate(tool));
  }
  for (const tool of missing) {
    warn(`${tool.name} not found: the tests that need it will be skipped (to run them: ${aptHint(['--no-install-recommends', tool.pkg])})`);
  }
  const found = Object.fromEntries(tools.filter((t) => !missing.includes(t)).map((t) => [t.name, locate(t)]));
  for (const [name, path] of Object.entries(found)) info(`${name}: ${path}`);
  return exposeTools(found);
}
