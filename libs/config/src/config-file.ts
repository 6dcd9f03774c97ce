import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { z } from 'zod';
import { unstorableFields } from '@herald/contracts';
import { ConfigError } from './load-config.js';

/**
 * Reads one section of Herald's declarative configuration file (YAML) and
 * validates it; errors name the file and the path of every bad field.
 * A missing path (no file configured) yields the schema's defaults.
 */
export function loadConfigSection<S extends z.ZodType>(
  path: string | undefined,
  section: string,
  schema: S,
  /** Runs on the section as written, before the schema (e.g. resolving `…Env`/`…File` references); returns problems at paths under the section. */
  prepare?: (value: unknown) => { value: unknown; problems: ReadonlyArray<{ path: string; message: string }> },
): z.infer<S> {
  let document: unknown = {};
  if (path) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new ConfigError([`cannot read ${path}: ${(error as Error).message}`]);
    }
    try {
      document = parse(text) ?? {};
    } catch (error) {
      throw new ConfigError([`${path} is not valid YAML: ${(error as Error).message}`]);
    }
  }
  const value = typeof document === 'object' && document !== null ? (document as Record<string, unknown>)[section] : undefined;
  // YAML can spell a NUL ("\0") or a lone surrogate ("\ud800"); what is configured is stored, so refuse it here.
  const unstorable = unstorableFields(value);
  if (unstorable.length > 0) throw new ConfigError(unstorable.map((f) => `${path ?? '(defaults)'}: ${section}${f.path.startsWith('[') || f.path === '' ? '' : '.'}${f.path}: ${f.message}`));
  let prepared = value;
  if (prepare && value !== undefined) {
    const done = prepare(value);
    if (done.problems.length > 0) throw new ConfigError(done.problems.map((p) => `${path ?? '(defaults)'}: ${section}.${p.path}: ${p.message}`));
    prepared = done.value;
  }
  const result = schema.safeParse(prepared ?? {});
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((i) => `${path ?? '(defaults)'}: ${[section, ...i.path].join('.')}: ${i.message}`),
  );
}
