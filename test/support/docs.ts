import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './stack.js';

/** A code block the documentation marks with `<!-- snippet: kind -->`, so a test runs it as written. */
export interface Snippet {
  readonly kind: string;
  readonly text: string;
  /** `docs/x.md:42`, for failure messages. */
  readonly where: string;
}

export function snippetsIn(docs: readonly string[]): Snippet[] {
  return docs.flatMap((doc) => {
    const text = readFileSync(join(ROOT, doc), 'utf8');
    return [...text.matchAll(/<!-- snippet: ([a-z-]+) -->\n```\w*\n([\s\S]*?)```/g)].map((m) => ({ kind: m[1]!, text: m[2]!, where: `${doc}:${text.slice(0, m.index).split('\n').length + 1}` }));
  });
}

/** The one snippet of `kind` in `doc`. */
export function snippetOf(doc: string, kind: string): Snippet {
  const found = snippetsIn([doc]).filter((s) => s.kind === kind);
  assert.equal(found.length, 1, `one ${kind} snippet in ${doc}`);
  return found[0]!;
}

/** A shell snippet's commands, one per line, without comments and blank lines. */
export const commandLines = (snippet: Snippet): string[] =>
  snippet.text
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
