import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Reads a file the configuration file names, a relative name from that file's directory. */
export function configFileReader(configFile: string | undefined): (name: string) => string {
  const base = configFile ? dirname(resolve(configFile)) : process.cwd();
  return (name) => readFileSync(resolve(base, name), 'utf8');
}

/** An environment variable name as the configuration file may give it (`keyEnv: HERALD_KEY`). */
export const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

export interface SecretRefOptions {
  /** Whether `<path>` (the value a reference stands for) may be given by reference. */
  readonly allowed: (path: readonly string[]) => boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Reads a file named in the configuration (relative names from the file's directory); throws when it cannot. */
  readonly readFile: (name: string) => string;
}

export interface SecretRefProblem {
  /** Dotted path of the reference key, e.g. `receivers.0.settings.auth.tokenEnv`. */
  readonly path: string;
  readonly message: string;
}

/**
 * Replaces every `<name>Env: VAR` and `<name>File: /path` at an allowed path by `<name>` with
 * the variable's value or the file's content (one trailing newline dropped, as secret files
 * and `echo` leave one), so a configuration file in Git names its secrets without holding
 * them, as integrations' `keyEnv` does. Giving both the value and a reference, an unset
 * variable or an unreadable file is a problem naming the key; the value is never echoed.
 */
export function resolveSecretRefs(value: unknown, options: SecretRefOptions, at: readonly string[] = []): { value: unknown; problems: SecretRefProblem[] } {
  const problems: SecretRefProblem[] = [];
  const walk = (node: unknown, path: readonly string[]): unknown => {
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, String(i)]));
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node)) {
      const ref = /^(.+)(Env|File)$/.exec(key);
      const base = ref?.[1];
      if (!ref || base === undefined || typeof child !== 'string' || !options.allowed([...path, base])) {
        out[key] = walk(child, [...path, key]);
        continue;
      }
      const where = [...at, ...path, key].join('.');
      if (Object.hasOwn(node, base) || Object.hasOwn(out, base)) {
        problems.push({ path: where, message: `give ${base} or ${key}, not both` });
        continue;
      }
      if (ref[2] === 'Env') {
        if (!ENV_NAME.test(child)) problems.push({ path: where, message: 'must be an environment variable name (A-Z, 0-9, _)' });
        else if (options.env[child] === undefined || options.env[child] === '') problems.push({ path: where, message: `environment variable ${child} is not set` });
        else out[base] = options.env[child];
      } else {
        try {
          out[base] = options.readFile(child).replace(/\r?\n$/, '');
        } catch (error) {
          problems.push({ path: where, message: `cannot read ${child}: ${(error as NodeJS.ErrnoException).code ?? 'error'}` });
        }
      }
    }
    return out;
  };
  return { value: walk(value, []), problems };
}

/**
 * A `prepare` for `loadConfigSection` over a list section (or a section's list under `key`):
 * each item's references resolved, `allowed` told the item and the path within it.
 */
export function listSecretRefs<T>(
  options: { readonly configFile: string | undefined; readonly env?: Readonly<Record<string, string | undefined>>; readonly at?: readonly string[] },
  allowed: (item: T, path: readonly string[]) => boolean,
): (list: unknown) => { value: unknown; problems: SecretRefProblem[] } {
  const readFile = configFileReader(options.configFile);
  const env = options.env ?? process.env;
  return (list) => {
    if (!Array.isArray(list)) return { value: list, problems: [] };
    const problems: SecretRefProblem[] = [];
    const value = list.map((item: unknown, i) => {
      const done = resolveSecretRefs(item, { allowed: (path) => allowed(item as T, path), env, readFile }, [...(options.at ?? []), String(i)]);
      problems.push(...done.problems);
      return done.value;
    });
    return { value, problems };
  };
}
