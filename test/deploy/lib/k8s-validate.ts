import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { idOf, type K8sObject, ROOT } from './objects.js';

/**
 * Validates Kubernetes objects against the Kubernetes OpenAPI schemas as packaged by
 * kubernetes-models (and @kubernetes-models/prometheus-operator for monitoring.coreos.com), twice:
 * 1. the packages' compiled JSON-schema validators (types, required fields, enums, formats);
 * 2. the packages' TypeScript declarations, generated from the same schemas: each object is
 *    type-checked as an object literal of its kind, so a misspelt or misplaced field (which the
 *    OpenAPI schemas allow, having no additionalProperties: false) is an error too.
 * Returns one message per problem; empty when every object is valid.
 */
export async function validateK8sObjects(objects: readonly K8sObject[]): Promise<string[]> {
  const problems: string[] = [];
  const typed: Array<{ object: K8sObject; module: string; typeName: string }> = [];
  for (const object of objects) {
    const module = modelModule(object);
    if (!module) {
      problems.push(`${idOf(object)}: no schema known for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    let loaded: Record<string, unknown>;
    try {
      loaded = (await import(module)) as Record<string, unknown>;
    } catch (error) {
      problems.push(`${idOf(object)}: no schema for ${object.apiVersion} ${object.kind} (${(error as Error).message.split('\n')[0]})`);
      continue;
    }
    const Model = loaded[object.kind] as (new (data: unknown) => { validate(): void }) | undefined;
    if (typeof Model !== 'function') {
      problems.push(`${idOf(object)}: ${module} exports no ${object.kind}`);
      continue;
    }
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(`${idOf(object)}: ${(error as Error).message}`);
    }
    typed.push({ object, module, typeName: `I${object.kind}` });
  }
  problems.push(...typeCheck(typed));
  return problems;
}

function modelModule(o: K8sObject): string | undefined {
  const [group = '', version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  if (!version || !/^[A-Za-z]+$/.test(o.kind)) return undefined;
  if (group === 'monitoring.coreos.com') return `@kubernetes-models/prometheus-operator/${group}/${version}/${o.kind}`;
  if (group === '' || group === 'apps' || group === 'batch' || group === 'policy' || group === 'autoscaling' || group.endsWith('.k8s.io')) {
    return `kubernetes-models/${group ? `${group}/` : ''}${version}/${o.kind}`;
  }
  return undefined;
}

function typeCheck(items: ReadonlyArray<{ object: K8sObject; module: string; typeName: string }>): string[] {
  if (items.length === 0) return [];
  const dir = join(ROOT, 'test', 'dist', 'deploy', `.typecheck-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'objects.mts');
  const lines: string[] = [];
  items.forEach(({ module, typeName }, i) => lines.push(`import type { ${typeName} as T${i} } from ${JSON.stringify(module)};`));
  // The first line of each object's declaration, to name the object a diagnostic is about.
  const starts: number[] = [];
  let line = lines.length + 1;
  items.forEach(({ object }, i) => {
    const declaration = `export const o${i}: T${i} = ${JSON.stringify(object, null, 1)};`;
    starts.push(line);
    lines.push(declaration);
    line += declaration.split('\n').length;
  });
  writeFileSync(file, lines.join('\n'));
  try {
    const program = ts.createProgram([file], {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    });
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      if (!d.file || d.start === undefined) return `type check: ${text}`;
      const line = d.file.getLineAndCharacterOfPosition(d.start).line + 1;
      let index = starts.length - 1;
      while (index > 0 && (starts[index] ?? 0) > line) index--;
      const item = items[index];
      const at = d.file.fileName === file && item ? idOf(item.object) : d.file.fileName;
      return `${at}: ${text.split('\n').slice(0, 4).join(' / ')}`;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
