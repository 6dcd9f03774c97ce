import { spawnSync } from 'node:child_process';

/** promtool from HERALD_PROMTOOL (set by `npm test`) or PATH; undefined when absent. */
export function promtoolPath(): string | undefined {
  const candidates = [process.env.HERALD_PROMTOOL, 'promtool'].filter((c): c is string => Boolean(c));
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

export const PROMTOOL = promtoolPath();
export const NO_PROMTOOL = PROMTOOL ? false : 'promtool not installed (Debian package prometheus; `npm test` installs it)';

export function promtool(args: readonly string[], cwd?: string): { status: number | null; output: string } {
  if (!PROMTOOL) throw new Error('promtool not installed');
  const result = spawnSync(PROMTOOL, args, { encoding: 'utf8', cwd, timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
