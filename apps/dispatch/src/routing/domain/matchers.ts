import {
  type IncidentEventMessage,
  type IncidentEventType,
  type IncidentSnapshot,
} from '@herald/contracts';
import { z } from 'zod';

/** `=` equal, `!=` not equal, `=~` regex full match, `!~` regex does not fully match. */
export const MATCH_OPS = ['=', '!=', '=~', '!~'] as const;
export type MatchOp = (typeof MATCH_OPS)[number];

/** Labels taken from the incident and event rather than from the alert's own labels. They win over a label of the same name. */
export const PSEUDO_LABELS = ['severity', 'service', 'source', 'status', 'event_type'] as const;

export type LabelSet = Readonly<Record<string, string>>;

/** A compiled matcher: regex matchers carry their anchored pattern. */
export type Matcher =
  | { readonly name: string; readonly op: '=' | '!='; readonly value: string }
  | { readonly name: string; readonly op: '=~' | '!~'; readonly value: string; readonly pattern: RegExp };

export interface MatcherError {
  readonly code: 'invalid_matcher' | 'invalid_regex';
  /** The matcher as written, so the message can point at it. */
  readonly matcher: string;
  readonly message: string;
}

export type MatcherResult = { ok: true; matcher: Matcher } | { ok: false; error: MatcherError };
export type MatchersResult = { ok: true; matchers: Matcher[] } | { ok: false; error: MatcherError };

const MAX_NAME = 200;
const MAX_VALUE = 1000;

/** Matcher as structured config: `{ name: 'severity', op: '=~', value: 'critical|error' }`. */
export const MatcherSpec = z.object({
  name: z.string().min(1).max(MAX_NAME),
  op: z.enum(MATCH_OPS),
  value: z.string().max(MAX_VALUE),
});
export type MatcherSpec = z.infer<typeof MatcherSpec>;

/** Config field accepting `'severity=~"critical|error"'` or a {@link MatcherSpec}; outputs a compiled {@link Matcher}. */
export const MatcherConfig = z.union([z.string().min(1).max(MAX_NAME + MAX_VALUE + 10), MatcherSpec]).transform((input, ctx) => {
  const result = typeof input === 'string' ? parseMatcher(input) : compileMatcher(input);
  if (!result.ok) {
    ctx.addIssue({ code: 'custom', message: result.error.message, input });
    return z.NEVER;
  }
  return result.matcher;
});
export type MatcherConfigInput = z.input<typeof MatcherConfig>;

/**
 * Builds the anchored pattern. Like Alertmanager the value must match the whole label
 * value; the body is compiled alone first so a value such as `a)|(b` cannot escape the
 * anchoring group. A leading `(?i)` (Go syntax, common in Alertmanager configs) becomes the `i` flag.
 */
function compilePattern(value: string): RegExp | string {
  const caseInsensitive = value.startsWith('(?i)');
  const body = caseInsensitive ? value.slice(4) : value;
  const flags = caseInsensitive ? 'i' : '';
  try {
    new RegExp(body, flags);
    return new RegExp(`^(?:${body})$`, flags);
  } catch (e) {
    // V8 repeats the pattern in its message ("Invalid regular expression: /(/: ..."); keep the reason.
    const message = e instanceof Error ? e.message : String(e);
    return message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
  }
}

export function compileMatcher(spec: MatcherSpec): MatcherResult {
  const written = formatMatcher(spec);
  if (spec.name.length === 0 || spec.name.length > MAX_NAME || spec.value.length > MAX_VALUE) {
    return fail('invalid_matcher', written, `matcher ${written}: name must be 1..${MAX_NAME} and value at most ${MAX_VALUE} characters`);
  }
  if (spec.op === '=' || spec.op === '!=') {
    return { ok: true, matcher: { name: spec.name, op: spec.op, value: spec.value } };
  }
  const pattern = compilePattern(spec.value);
  if (typeof pattern === 'string') {
    return fail('invalid_regex', written, `matcher ${written}: invalid regular expression: ${pattern}`);
  }
  return { ok: true, matcher: { name: spec.name, op: spec.op, value: spec.value, pattern } };
}

function fail(code: MatcherError['code'], matcher: string, message: string): { ok: false; error: MatcherError } {
  return { ok: false, error: { code, matcher, message } };
}

/** Reads a double-quoted string starting at `from` (which must be `"`). */
function readQuoted(text: string, from: number): { value: string; end: number } | undefined {
  let value = '';
  for (let i = from + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') return { value, end: i + 1 };
    if (ch === '\\') {
      const next = text[i + 1];
      if (next === undefined) return undefined;
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      i++;
    } else {
      value += ch;
    }
  }
  return undefined;
}

const UNQUOTED_NAME = /^[^\s"=!~,{}]+/;
const OPERATOR = /^(=~|!~|!=|=)/;

/** Parses one matcher such as `team="db"`, `severity=~"critical|error"`, `env!=prod` or `"app.kubernetes.io/name"="api"`. */
export function parseMatcher(input: string): MatcherResult {
  const text = input.trim();
  const bad = (why: string) => fail('invalid_matcher', input, `matcher ${input}: ${why}`);
  let name: string;
  let at: number;
  if (text.startsWith('"')) {
    const quoted = readQuoted(text, 0);
    if (!quoted) return bad('unterminated quoted name');
    name = quoted.value;
    at = quoted.end;
  } else {
    const m = UNQUOTED_NAME.exec(text);
    if (!m) return bad('expected a label name');
    name = m[0];
    at = m[0].length;
  }
  while (text[at] === ' ' || text[at] === '\t') at++;
  const op = OPERATOR.exec(text.slice(at));
  if (!op) return bad('expected one of =, !=, =~, !~ after the label name');
  at += op[0].length;
  const rest = text.slice(at).trim();
  let value: string;
  if (rest.startsWith('"')) {
    const quoted = readQuoted(rest, 0);
    if (!quoted) return bad('unterminated quoted value');
    if (rest.slice(quoted.end).trim() !== '') return bad('unexpected text after the quoted value');
    value = quoted.value;
  } else {
    if (rest.includes('"')) return bad('unquoted value may not contain "');
    value = rest;
  }
  const result = compileMatcher({ name, op: op[0] as MatchOp, value });
  // Report errors against the text the user wrote, not our re-formatting of it.
  return result.ok ? result : { ok: false, error: { ...result.error, matcher: input } };
}

/** Parses a list: `{team="db", severity=~"critical|error"}` or without braces. Commas inside quotes are kept. */
export function parseMatchers(input: string): MatchersResult {
  let text = input.trim();
  if (text.startsWith('{')) {
    if (!text.endsWith('}')) return fail('invalid_matcher', input, `matchers ${input}: missing closing }`);
    text = text.slice(1, -1);
  }
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && quoted) {
      current += ch + (text[i + 1] ?? '');
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
      current += ch;
    } else if (ch === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  const matchers: Matcher[] = [];
  for (const part of parts) {
    if (part.trim() === '') continue;
    const result = parseMatcher(part);
    if (!result.ok) return result;
    matchers.push(result.matcher);
  }
  return { ok: true, matchers };
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}

/** Canonical text form; `parseMatcher(formatMatcher(m))` gives `m` back. */
export function formatMatcher(m: { name: string; op: MatchOp; value: string }): string {
  const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(m.name) ? m.name : quote(m.name);
  return `${name}${m.op}${quote(m.value)}`;
}

/** An absent label reads as `""`, as in Alertmanager, so `team=""` matches incidents without a team. */
export function labelValue(labels: LabelSet, name: string): string {
  return Object.hasOwn(labels, name) ? (labels[name] ?? '') : '';
}

export function matches(matcher: Matcher, labels: LabelSet): boolean {
  const value = labelValue(labels, matcher.name);
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return matcher.pattern.test(value);
    case '!~':
      return !matcher.pattern.test(value);
  }
}

/** True when every matcher matches; an empty list matches everything. */
export function matchesAll(matchers: readonly Matcher[], labels: LabelSet): boolean {
  return matchers.every((m) => matches(m, labels));
}

/** The labels a matcher sees for an incident: its own labels overlaid with the pseudo-labels. */
export function incidentLabels(incident: IncidentSnapshot, eventType?: IncidentEventType): LabelSet {
  const labels: Record<string, string> = { ...incident.labels };
  labels.severity = incident.severity;
  labels.service = incident.service ?? '';
  labels.source = incident.source;
  labels.status = incident.status;
  labels.event_type = eventType ?? '';
  return labels;
}

/**
 * Routing, muting, grouping and escalation each match the same event's labels; the set is made
 * once per message (messages are read-only once decoded) instead of copied four times.
 */
const labelsByMessage = new WeakMap<IncidentEventMessage, LabelSet>();

export function messageLabels(message: IncidentEventMessage): LabelSet {
  let labels = labelsByMessage.get(message);
  if (!labels) {
    labels = incidentLabels(message.incident, message.event.type);
    labelsByMessage.set(message, labels);
  }
  return labels;
}
