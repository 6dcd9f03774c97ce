/*
 * Alertmanager's matcher syntax (`name="value"`, `!=`, `=~`, `!~`), as amtool sends it in
 * `filter` parameters and as Herald writes silence matchers. Regular expressions match the
 * whole value, as in Alertmanager; a leading `(?i)` (Go syntax) means case-insensitive.
 */

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  readonly name: string;
  readonly op: MatchOp;
  readonly value: string;
}

/** Alertmanager API v2's structured matcher. `isEqual` is absent in clients older than 0.22 (meaning true). */
export interface AmMatcher {
  readonly name: string;
  readonly value: string;
  readonly isRegex: boolean;
  readonly isEqual?: boolean;
}

const QUOTED = String.raw`"((?:[^"\\]|\\.)*)"`;
const MATCHER = new RegExp(String.raw`^\s*(?:${QUOTED}|([^\s"=!~,{}]+))\s*(=~|!~|!=|=)\s*(?:${QUOTED}|([^"]*?))\s*$`, 's');

const unescape = (text: string): string => text.replace(/\\(.)/gs, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));

/** Parses one matcher; a string says what is wrong with it. */
export function parseLabelMatcher(text: string): LabelMatcher | string {
  const m = MATCHER.exec(text);
  if (!m) return `matcher ${text}: expected name, one of = != =~ !~, and a value (e.g. alertname="DiskFull")`;
  const [, quotedName, bareName, op, quotedValue, bareValue] = m;
  const matcher: LabelMatcher = { name: quotedName !== undefined ? unescape(quotedName) : (bareName ?? ''), op: op as MatchOp, value: quotedValue !== undefined ? unescape(quotedValue) : (bareValue ?? '') };
  if (isRegex(matcher.op)) {
    const compiled = compile(matcher.value);
    if (typeof compiled === 'string') return `matcher ${text}: invalid regular expression: ${compiled}`;
  }
  return matcher;
}

const isRegex = (op: MatchOp): boolean => op === '=~' || op === '!~';

function compile(value: string): RegExp | string {
  const insensitive = value.startsWith('(?i)');
  const body = insensitive ? value.slice(4) : value;
  try {
    return new RegExp(`^(?:${body})$`, insensitive ? 'i' : '');
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** An absent label reads as the empty string, as in Alertmanager. */
export function matchesLabels(matcher: LabelMatcher, labels: Readonly<Record<string, string>>): boolean {
  const value = Object.hasOwn(labels, matcher.name) ? (labels[matcher.name] ?? '') : '';
  if (!isRegex(matcher.op)) return (value === matcher.value) === (matcher.op === '=');
  const pattern = compile(matcher.value);
  const hit = typeof pattern !== 'string' && pattern.test(value);
  return hit === (matcher.op === '=~');
}

export const matchesAllLabels = (matchers: readonly LabelMatcher[], labels: Readonly<Record<string, string>>): boolean =>
  matchers.every((m) => matchesLabels(m, labels));

/** Writes a matcher in the syntax parseLabelMatcher reads (and Herald's configuration accepts). */
export function formatLabelMatcher(m: LabelMatcher): string {
  const quote = (text: string): string => JSON.stringify(text);
  const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(m.name) ? m.name : quote(m.name);
  return `${name}${m.op}${quote(m.value)}`;
}

export function fromAmMatcher(m: AmMatcher): LabelMatcher {
  const equal = m.isEqual ?? true;
  const op: MatchOp = m.isRegex ? (equal ? '=~' : '!~') : equal ? '=' : '!=';
  return { name: m.name, op, value: m.value };
}

export function toAmMatcher(m: LabelMatcher): AmMatcher {
  return { name: m.name, value: m.value, isRegex: isRegex(m.op), isEqual: m.op === '=' || m.op === '=~' };
}
