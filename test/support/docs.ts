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

/**
 * The anchors GitHub gives a Markdown file's headings: lower case, punctuation dropped, spaces
 * as hyphens, a repeated heading suffixed `-1`, `-2`… Headings inside code blocks do not count.
 */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const slug = heading[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}
