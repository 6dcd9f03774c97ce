import { z } from 'zod';

/** What a NATS server's monitoring endpoint `/jsz` says of JetStream storage (the fields we read). */
const Jsz = z.object({
  memory: z.number().nonnegative(),
  storage: z.number().nonnegative(),
  config: z.object({ max_memory: z.number(), max_storage: z.number() }),
});

export interface StorageUse {
  readonly used: number;
  /** The server's limit in bytes; -1 when the server reports none. */
  readonly limit: number;
}

export type ServerStorage =
  | { readonly ok: true; readonly file: StorageUse; readonly memory: StorageUse }
  | { readonly ok: false; readonly reason: string };

/**
 * One server's JetStream storage, all accounts together, against its own limits
 * (`max_file_store`, `max_memory_store`): what runs out when the account has no limit of its own.
 */
export function serverStorageOf(body: unknown): ServerStorage {
  const parsed = Jsz.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, reason: `not a /jsz answer with JetStream enabled: ${first ? `${first.path.join('.') || '(body)'} ${first.message}` : 'unreadable'}` };
  }
  const jsz = parsed.data;
  const limit = (n: number): number => (n > 0 ? n : -1);
  return { ok: true, file: { used: jsz.storage, limit: limit(jsz.config.max_storage) }, memory: { used: jsz.memory, limit: limit(jsz.config.max_memory) } };
}

/** The `server` label for a monitoring URL: its host and port, bounded by configuration. */
export function serverLabel(url: string): string {
  return new URL(url).host;
}

/** Where `/jsz` is for a monitoring URL given with or without a path. */
export function jszUrl(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = `${parsed.pathname.replace(/\/+$/, '')}/jsz`;
  return parsed.toString();
}
