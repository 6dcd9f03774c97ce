import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, parse } from 'yaml';

/** The repository root (this file runs from test/dist/deploy/lib/). */
export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const DEPLOY = join(ROOT, 'deploy');

/** A parsed YAML/JSON mapping; values are checked where they are read. */
export type Obj = Record<string, unknown>;

/** A Kubernetes object as rendered: kind, apiVersion and metadata.name are always there. */
export interface K8sObject extends Obj {
  apiVersion: string;
  kind: string;
  metadata: Obj & { name: string; namespace?: string; labels?: Record<string, string> };
}

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObj(value: unknown, what: string): Obj {
  if (!isObj(value)) throw new Error(`${what}: expected a mapping, got ${JSON.stringify(value)}`);
  return value;
}

export function asArray(value: unknown, what: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`${what}: expected a list, got ${JSON.stringify(value)}`);
  return value as unknown[];
}

export function asString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new Error(`${what}: expected a string, got ${JSON.stringify(value)}`);
  return value;
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Parses a single-document YAML file; merge keys (`<<:`) are resolved as Compose does. */
export function readYaml(path: string): unknown {
  return parse(readText(path), { merge: true }) as unknown;
}

/** Every non-empty document of a (multi-document) YAML text. */
export function parseDocuments(text: string, source: string): unknown[] {
  return parseAllDocuments(text).flatMap((doc, i) => {
    if (doc.errors.length > 0) throw new Error(`${source} document ${i + 1}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value = doc.toJS() as unknown;
    return value === null || value === undefined ? [] : [value];
  });
}

export function asK8sObject(value: unknown, source: string): K8sObject {
  const o = asObj(value, source);
  const metadata = asObj(o.metadata, `${source}: metadata`);
  asString(o.apiVersion, `${source}: apiVersion`);
  asString(o.kind, `${source}: kind`);
  asString(metadata.name, `${source}: metadata.name`);
  return o as K8sObject;
}

export function idOf(o: K8sObject): string {
  return `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}

/** Deep structural equality of plain YAML/JSON values (key order ignored). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => sameValue(a[k], b[k]));
  }
  return false;
}
