import { z } from 'zod';

/**
 * Include/exclude rules on the default payload, as dotted paths
 * (`incident.labels`, `event.data.details`). A literal dot inside a key is
 * written `\.` (`incident.labels.app\.kubernetes\.io/name`). Through an
 * array, a path applies to every element (`incident.links.href`).
 * `include` keeps only the listed paths (and always `version` and `type`);
 * `exclude` then removes paths.
 */
export const FieldPath = z
  .string()
  .min(1)
  .max(512)
  .refine((path) => parsePath(path).every((segment) => segment !== ''), 'must not have empty segments');

export const FieldRules = z.strictObject({
  include: z.array(FieldPath).min(1).max(100).optional(),
  exclude: z.array(FieldPath).min(1).max(100).optional(),
});
export type FieldRules = z.infer<typeof FieldRules>;

const ALWAYS_KEPT = ['version', 'type'];

export function parsePath(path: string): string[] {
  const segments: string[] = [];
  let current = '';
  for (let i = 0; i < path.length; i++) {
    const char = path[i]!;
    if (char === '\\' && path[i + 1] === '.') {
      current += '.';
      i++;
    } else if (char === '.') {
      segments.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  segments.push(current);
  return segments;
}

/** A trie of paths; `end` marks a path that stops at this node. */
interface PathNode {
  end: boolean;
  children: Map<string, PathNode>;
}

function trieOf(paths: readonly string[]): PathNode {
  const root: PathNode = { end: false, children: new Map() };
  for (const path of paths) {
    let node = root;
    for (const segment of parsePath(path)) {
      let child = node.children.get(segment);
      if (!child) {
        child = { end: false, children: new Map() };
        node.children.set(segment, child);
      }
      node = child;
    }
    node.end = true;
  }
  return root;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Assigns without invoking setters, so a key named `__proto__` stays a key. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function pick(value: unknown, node: PathNode): unknown {
  if (node.end) return value;
  if (Array.isArray(value)) return value.map((item) => pick(item, node)).filter((item) => item !== undefined);
  if (!isRecord(value)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, child] of node.children) {
    if (!Object.hasOwn(value, key)) continue;
    const picked = pick(value[key], child);
    if (picked !== undefined) setOwn(out, key, picked);
  }
  return out;
}

function omit(value: unknown, node: PathNode): unknown {
  if (Array.isArray(value)) return value.map((item) => omit(item, node));
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const child = node.children.get(key);
    if (child?.end) continue;
    setOwn(out, key, child ? omit(inner, child) : inner);
  }
  return out;
}

/** Applies include, then exclude, to a JSON-like payload; the input is not modified. */
export function applyFieldRules(payload: unknown, rules: FieldRules | undefined): unknown {
  let out = payload;
  if (rules?.include) out = pick(out, trieOf([...ALWAYS_KEPT, ...rules.include]));
  if (rules?.exclude) out = omit(out, trieOf(rules.exclude));
  return out;
}
