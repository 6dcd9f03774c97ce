/** Marks a path to delete in `withChanges`. */
export const DELETE = Symbol('delete');

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function setAt(root: unknown, path: readonly string[], value: unknown): void {
  let node = root;
  for (const segment of path.slice(0, -1)) {
    if (!isContainer(node)) return;
    node = (node as Record<string, unknown>)[segment];
  }
  const last = path[path.length - 1];
  if (!isContainer(node) || last === undefined) return;
  const target = node as Record<string, unknown>;
  if (value === DELETE) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete target[last];
  } else {
    target[last] = value;
  }
}

/**
 * A deep copy of a JSON sample with values set (or deleted) at dotted paths such as
 * `alerts.0.status`, so table cases start from one realistic payload.
 */
export function withChanges<T>(sample: T, changes: Record<string, unknown>): T {
  const copy = structuredClone(sample);
  for (const [path, value] of Object.entries(changes)) setAt(copy, path.split('.'), value);
  return copy;
}

/** Every path into a JSON value, parents before children (root excluded). */
export function allPaths(value: unknown, prefix: string[] = []): string[][] {
  if (!isContainer(value)) return [];
  const keys = Array.isArray(value) ? value.map((_, i) => String(i)) : Object.keys(value);
  return keys.flatMap((key) => {
    const path = [...prefix, key];
    return [path, ...allPaths((value as Record<string, unknown>)[key], path)];
  });
}

export function setPath<T>(sample: T, path: readonly string[], value: unknown): T {
  const copy = structuredClone(sample);
  setAt(copy, path, value);
  return copy;
}
