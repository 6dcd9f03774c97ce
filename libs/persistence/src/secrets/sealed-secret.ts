import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretsKeyring } from '@herald/config';

/**
 * Envelope encryption of a secret stored in PostgreSQL, with node:crypto AES-256-GCM: each
 * value gets its own random data key; the data key is sealed ("wrapped") by a key from
 * HERALD_SECRETS_KEY, named by its id. A rotation only re-wraps data keys. Both layers are
 * bound to a context (table and row id), so a sealed value copied to another row does not open.
 *
 * Text form: `hs1.<key id>.<wrapped data key>.<iv>.<ciphertext+tag>`, base64url parts.
 */
const PREFIX = 'hs1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** A sealed value that cannot be opened: its key id is not in the keyring, or the key is wrong, or it was altered. */
export class SecretsKeyError extends Error {
  readonly code = 'SECRETS_KEY';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SecretsKeyError';
  }
}

export function isSealed(text: string): boolean {
  return text.startsWith(`${PREFIX}.`);
}

/** The id of the key that wrapped this value (undefined for text that is not sealed). */
export function sealedKeyId(text: string): string | undefined {
  return isSealed(text) ? text.split('.')[1] : undefined;
}

function gcm(key: Buffer, iv: Buffer, plaintext: Buffer, aad: string): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** Throws when the tag does not match (wrong key, altered value, other context). */
function ungcm(key: Buffer, iv: Buffer, sealed: Buffer, aad: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
}

const b64 = (b: Buffer): string => b.toString('base64url');

function wrap(keyring: SecretsKeyring, dataKey: Buffer, context: string): { keyId: string; wrapped: string } {
  const keyId = keyring.primaryId;
  const iv = randomBytes(IV_BYTES);
  const wrapped = gcm(keyring.keys.get(keyId)!, iv, dataKey, `${PREFIX}|key|${keyId}|${context}`);
  return { keyId, wrapped: b64(Buffer.concat([iv, wrapped])) };
}

interface Parts {
  readonly keyId: string;
  readonly wrapped: Buffer;
  readonly iv: Buffer;
  readonly data: Buffer;
}

function parts(sealed: string, context: string): Parts {
  const [prefix, keyId, wrapped, iv, data, ...rest] = sealed.split('.');
  if (prefix !== PREFIX || !keyId || !wrapped || !iv || !data || rest.length > 0) throw new SecretsKeyError(`${context}: the stored value is not a sealed secret`);
  return { keyId, wrapped: Buffer.from(wrapped, 'base64url'), iv: Buffer.from(iv, 'base64url'), data: Buffer.from(data, 'base64url') };
}

function unwrap(keyring: SecretsKeyring, p: Parts, context: string): Buffer {
  const key = keyring.keys.get(p.keyId);
  if (!key) {
    throw new SecretsKeyError(
      `HERALD_SECRETS_KEY has no key "${p.keyId}", which sealed ${context} (it has ${[...keyring.keys.keys()].join(', ')}): add that key back to the keyring`,
    );
  }
  try {
    return ungcm(key, p.wrapped.subarray(0, IV_BYTES), p.wrapped.subarray(IV_BYTES), `${PREFIX}|key|${p.keyId}|${context}`);
  } catch (error) {
    throw new SecretsKeyError(`HERALD_SECRETS_KEY: key "${p.keyId}" does not open ${context}: the key is wrong (or the stored value was altered)`, { cause: error });
  }
}

/** Seals `plaintext` under the keyring's primary key, bound to `context` (e.g. `receivers/ops`). */
export function sealSecret(keyring: SecretsKeyring, plaintext: string, context: string): string {
  const dataKey = randomBytes(KEY_BYTES);
  const iv = randomBytes(IV_BYTES);
  const data = gcm(dataKey, iv, Buffer.from(plaintext, 'utf8'), `${PREFIX}|data|${context}`);
  const { keyId, wrapped } = wrap(keyring, dataKey, context);
  return [PREFIX, keyId, wrapped, b64(iv), b64(data)].join('.');
}

/** The plaintext of a sealed value; SecretsKeyError (naming HERALD_SECRETS_KEY) when it cannot be opened. */
export function openSecret(keyring: SecretsKeyring, sealed: string, context: string): string {
  const p = parts(sealed, context);
  const dataKey = unwrap(keyring, p, context);
  try {
    return ungcm(dataKey, p.iv, p.data, `${PREFIX}|data|${context}`).toString('utf8');
  } catch (error) {
    throw new SecretsKeyError(`HERALD_SECRETS_KEY: ${context} does not open (the stored value was altered or belongs to another row)`, { cause: error });
  }
}

/** The same secret with its data key wrapped by the primary key (a rotation); the ciphertext is unchanged. */
export function resealSecret(keyring: SecretsKeyring, sealed: string, context: string): string {
  const p = parts(sealed, context);
  if (p.keyId === keyring.primaryId) return sealed;
  const dataKey = unwrap(keyring, p, context);
  const { keyId, wrapped } = wrap(keyring, dataKey, context);
  return [PREFIX, keyId, wrapped, b64(p.iv), b64(p.data)].join('.');
}

/** Whether a stored value needs sealing or re-wrapping under the primary key. */
export function needsResealing(keyring: SecretsKeyring, stored: string): boolean {
  return sealedKeyId(stored) !== keyring.primaryId;
}
