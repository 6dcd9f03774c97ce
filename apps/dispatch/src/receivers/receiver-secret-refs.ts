import { listSecretRefs, type SecretRefProblem } from '@herald/config';
import { Channel } from '@herald/contracts';
import { referencable } from './domain/receiver.js';

/**
 * `prepare` for the file's `dispatch:` section: each receiver's secrets (and `tls.ca`) may be
 * given as `…Env` (an environment variable) or `…File` (a file, relative to the configuration
 * file), resolved before validation and stored sealed like any secret.
 */
export function receiverSecretRefs(file: string | undefined, env?: Readonly<Record<string, string | undefined>>) {
  const receivers = listSecretRefs<{ channel?: unknown } | null>({ configFile: file, ...(env ? { env } : {}), at: ['receivers'] }, (receiver, path) => {
    const channel = Channel.safeParse(receiver?.channel);
    return channel.success && referencable(channel.data, path);
  });
  return (section: unknown): { value: unknown; problems: SecretRefProblem[] } => {
    if (section === null || typeof section !== 'object' || !('receivers' in section)) return { value: section, problems: [] };
    const done = receivers(section.receivers);
    return { value: { ...section, receivers: done.value }, problems: done.problems };
  };
}
