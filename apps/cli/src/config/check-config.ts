import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { receiverSecretRefs } from '@herald/dispatch/configuration-file';
import { HeraldFile } from './herald-file.js';

export interface ConfigProblem {
  /** 1-based line in the file, when the problem can be placed. */
  readonly line: number | undefined;
  /** Where in the document, as `dispatch.receivers.0.settings.url`. */
  readonly path: string;
  readonly message: string;
}

/** The closest node to `path` that exists (a missing field is reported at its parent). */
function lineOf(document: Document, lines: LineCounter, path: ReadonlyArray<string | number>): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node: unknown = document.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

/**
 * Checks herald.yaml text with the services' schemas; an empty list means it would be applied.
 * Receivers' `…Env`/`…File` references are resolved as dispatch resolves them (here, from this
 * process's environment and files relative to `file`).
 */
export function checkConfig(text: string, file?: string): ConfigProblem[] {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (document.errors.length > 0) {
    return document.errors.map((e) => ({ line: lines.linePos(e.pos[0]).line, path: '', message: `not valid YAML: ${e.message.split('\n')[0] ?? ''}` }));
  }
  const json = (document.toJS() ?? {}) as Record<string, unknown>;
  if (json.dispatch !== undefined) {
    const refs = receiverSecretRefs(file)(json.dispatch);
    if (refs.problems.length > 0) {
      return refs.problems.map((p) => ({ line: lineOf(document, lines, ['dispatch', ...p.path.split('.')]), path: `dispatch.${p.path}`, message: p.message }));
    }
    json.dispatch = refs.value;
  }
  const parsed = HeraldFile.safeParse(json);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const extra = issue.code === 'unrecognized_keys' ? issue.keys : [];
    // An unknown key is placed on its own line, not on the object holding it.
    const at = extra.length > 0 ? [...path, extra[0] ?? ''] : path;
    return { line: lineOf(document, lines, at), path: path.join('.'), message: issue.message };
  });
}

export function formatProblem(file: string, problem: ConfigProblem): string {
  return `${file}:${problem.line ?? '?'}: ${problem.path ? `${problem.path}: ` : ''}${problem.message}`;
}
