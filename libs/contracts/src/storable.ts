/**
 * What PostgreSQL can store, in a text column or inside jsonb: no NUL (U+0000, refused by
 * both) and no unpaired surrogate (U+D800–U+DFFF alone, refused by jsonb). Herald's rule:
 * - a request body (every string value and every key) with either is refused at the door with
 *   a 400 naming the field (`unstorableFields`): the sender can fix it, and Herald never
 *   silently changes what it was sent;
 * - text Herald did not get from a request body, or found only after accepting one (a
 *   receiver's response, a JSON document inside a string such as an SNS `Message`), is
 *   carried with each such character replaced by U+FFFD (`storableText`, `storableDeep`),
 *   because refusing it then would lose what was already accepted.
 * Bodies nested deeper than MAX_JSON_DEPTH are refused too: serialising them overflows the
 * stack, and no alert format comes near it.
 */

/** Deepest nesting of objects and arrays a request body may have (the body itself is depth 1). */
export const MAX_JSON_DEPTH = 64;

const UNSTORABLE = /[\u0000\ud800-\udfff]/;

/** True when PostgreSQL stores `text` as it is. */
export function isStorableText(text: string): boolean {
  // Fast path: nearly every string has neither a NUL nor any surrogate at all.
  if (!UNSTORABLE.test(text)) return true;
  return !text.includes('\u0000') && text.isWellFormed();
}

/** `text` with NUL and unpaired surrogates replaced by U+FFFD. */
export function storableText(text: string): string {
  return isStorableText(text) ? text : text.replace(/\u0000/g, '\uFFFD').toWellFormed();
}

/** A JSON value with `storableText` applied to every string and key; the same value when nothing needed it. */
export function storableDeep<T>(value: T): T {
  return replaceDeep(value, 0) as T;
}

function replaceDeep(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return storableText(value);
  if (typeof value !== 'object' || value === null || depth > MAX_JSON_DEPTH) return value;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const r = replaceDeep(v, depth + 1);
      changed ||= r !== v;
      return r;
    });
    return changed ? out : value;
  }
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const key = storableText(k);
    const r = replaceDeep(v, depth + 1);
    changed ||= key !== k || r !== v;
    out[key] = r;
  }
  return changed ? out : value;
}

/** A field of a request body Herald will not accept, named by its path (`alerts[0].labels.team`). */
export interface UnstorableField {
  readonly path: string;
  readonly message: string;
}

function describe(text: string): string | undefined {
  if (isStorableText(text)) return undefined;
  if (text.includes('\u0000')) return 'contains a NUL character (\\u0000), which cannot be stored; remove it';
  return 'contains an unpaired UTF-16 surrogate (e.g. a lone \\ud800), which is not valid Unicode; send well-formed text';
}

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const safe = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(storableText(key).slice(0, 64));
  return path === '' ? safe : `${path}.${safe}`;
}

/**
 * The fields of a parsed JSON body that Herald refuses: strings or keys it cannot store, and
 * nesting deeper than `maxDepth`. Walks iteratively (a 10,000-level body must not overflow the
 * stack here either) and stops after `limit` findings. Pure.
 */
export function unstorableFields(body: unknown, maxDepth = MAX_JSON_DEPTH, limit = 20): UnstorableField[] {
  const found: UnstorableField[] = [];
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: body, path: '', depth: 1 }];
  while (stack.length > 0 && found.length < limit) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = describe(value);
      if (problem) found.push({ path, message: problem });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > maxDepth) {
      found.push({ path, message: `nests objects or arrays deeper than ${maxDepth} levels` });
      continue;
    }
    const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i -= 1) {
      const [key, child] = entries[i]!;
      const at = childPath(path, key);
      if (typeof key === 'string') {
        const problem = describe(key);
        if (problem) found.push({ path: at, message: `has a key that ${problem}` });
      }
      stack.push({ value: child, path: at, depth: depth + 1 });
    }
  }
  return found.slice(0, limit);
}
