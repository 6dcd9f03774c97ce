import { z } from 'zod';

/** Key-encryption keys by id; `primaryId` seals everything new, the others only open what they sealed. */
export interface SecretsKeyring {
  readonly primaryId: string;
  readonly keys: ReadonlyMap<string, Buffer>;
}

/** How to make a key, for the messages below. */
export const SECRETS_KEY_HINT = 'generate one with `openssl rand -base64 32` and set HERALD_SECRETS_KEY=<id>:<key>, e.g. k1:…';

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * `HERALD_SECRETS_KEY`: `id:base64key` entries separated by commas or whitespace, each key 32
 * bytes (AES-256). The first is the primary. A rotation adds a new first entry and keeps the
 * old ones until every row is re-sealed. Returns the keyring, or what is wrong (never a key).
 */
export function parseSecretsKeyring(text: string): SecretsKeyring | string {
  const keys = new Map<string, Buffer>();
  let primaryId: string | undefined;
  for (const entry of text.split(/[\s,]+/).filter(Boolean)) {
    const at = entry.indexOf(':');
    if (at < 0) return `each entry must be <id>:<base64 key> (${SECRETS_KEY_HINT})`;
    const id = entry.slice(0, at);
    const encoded = entry.slice(at + 1);
    if (!KEY_ID.test(id)) return `key id "${id.slice(0, 40)}" must be 1–32 of A-Z a-z 0-9 _ -`;
    if (keys.has(id)) return `key id "${id}" appears twice`;
    const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded) ? Buffer.from(encoded, 'base64') : Buffer.alloc(0);
    if (key.length !== 32) return `key "${id}" must be 32 bytes in base64 (${SECRETS_KEY_HINT})`;
    keys.set(id, key);
    primaryId ??= id;
  }
  if (primaryId === undefined) return `is empty (${SECRETS_KEY_HINT})`;
  return { primaryId, keys };
}

/** The keyring in `text`, for code that builds one itself (tests, tools); throws what is wrong. */
export function secretsKeyringOf(text: string): SecretsKeyring {
  const parsed = parseSecretsKeyring(text);
  if (typeof parsed === 'string') throw new Error(`HERALD_SECRETS_KEY ${parsed}`);
  return parsed;
}

/** `HERALD_SECRETS_KEY` as an environment variable: required, parsed, or an issue naming what is wrong. */
export const envSecretsKey = z
  .string({ error: (issue) => (issue.input === undefined ? `is required: it encrypts credentials stored in PostgreSQL; ${SECRETS_KEY_HINT}` : 'must be text') })
  .transform((text, ctx): SecretsKeyring => {
    const parsed = parseSecretsKeyring(text);
    if (typeof parsed === 'string') {
      ctx.addIssue({ code: 'custom', message: parsed });
      return z.NEVER;
    }
    return parsed;
  });

/** For the services that store credentials (ingestion, dispatch). */
export const secretsEnvSchema = z.object({ HERALD_SECRETS_KEY: envSecretsKey });
