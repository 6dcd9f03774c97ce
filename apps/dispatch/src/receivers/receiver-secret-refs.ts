import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { resolveSecretRefs, type SecretRefProblem } from '@herald/config';
import { Channel } from '@herald/contracts';
import { referencable } from './domain/receiver.js';

/**
 * `prepare` for the file's `dispatch:` section: each receiver's secrets (and `tls.ca`) may be
 * given as `…Env` (an environment variable) or `…File` (a file, relative to the configuration
 * file), resolved before validation and stored sealed like any secret.
 */
export function receiverSecretRefs(file: string | undefined, env: Readonly<Record<string, string | undefined>> = process.env) {
  const base = file ? dirname(resolve(file)) : process.cwd();
  const readFile = (name: string): string => readFileSync(resolve(base, name), 'utf8');
  return (section: unknown): { value: unknown; problems: SecretRefProblem[] } => {
    if (section === null || typeof section !== 'object' || !Array.isArray((section as { receivers?: unknown }).receivers)) return { value: section, problems: [] };
    const problems: SecretRefProblem[] = [];
    const receivers = ((section as { receivers: unknown[] }).receivers).map((receiver, i) => {
      const channel = Channel.safeParse((receiver as { channel?: unknown } | null)?.channel);
      if (!channel.success) return receiver;
      const done = resolveSecretRefs(receiver, { allowed: (path) => referencable(channel.data, path), env, readFile }, ['receivers', String(i)]);
      problems.push(...done.problems);
      return done.value;
    });
    return { value: { ...section, receivers }, problems };
  };
}
