import Mustache from 'mustache';

/**
 * Views are built without prototypes (see template-view.ts), so no name can
 * reach one; these are refused anyway, as defence in depth and a clear message.
 */
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

type Token = [string, string, number, number, Token[]?, ...unknown[]];

function tokenProblems(tokens: readonly Token[], problems: string[]): void {
  for (const token of tokens) {
    const [kind, name] = token;
    if (kind === '>') problems.push(`partials are not supported ({{> ${name}}})`);
    if (kind === '&') {
      problems.push(`use {{${name}}} instead of {{{${name}}}} or {{& ${name}}}: escaping is already handled`);
    }
    if (kind === 'name' || kind === '#' || kind === '^' || kind === '&') {
      const bad = name.split('.').find((segment) => FORBIDDEN_SEGMENTS.has(segment));
      if (bad !== undefined) problems.push(`"${name}" may not use "${bad}"`);
    }
    const children = token[4];
    if ((kind === '#' || kind === '^') && Array.isArray(children)) tokenProblems(children, problems);
  }
}

/** Parses a mustache source; the problems that make it unusable (empty when fine). */
export function mustacheProblems(source: string): string[] {
  let tokens: Token[];
  try {
    // A fresh writer: user templates must not accumulate in the global cache.
    tokens = new Mustache.Writer().parse(source) as Token[];
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
  const problems: string[] = [];
  tokenProblems(tokens, problems);
  return problems;
}

/** The parsed tokens of a source known to be valid. */
export function mustacheTokens(source: string): Token[] {
  return new Mustache.Writer().parse(source) as Token[];
}
