import Mustache from 'mustache';
import { z } from 'zod';
import { RenderError } from '../types.js';
import { mustacheProblems, mustacheTokens } from './template-check.js';
import { renderText } from './text-template.js';

/**
 * JSON templates. The template must itself be valid JSON; mustache tags live
 * only inside its string values. Rendering walks the parsed template, renders
 * each string on its own, and serialises the result with `JSON.stringify`, so
 * no value — quotes, backslashes, `"}, "admin": true` — can change the shape
 * of the document. A string that is exactly one tag (`"{{incident.alertCount}}"`)
 * is replaced by the value itself: a number, object, array, or `null` if absent.
 * Object keys are copied literally.
 */
export const MAX_JSON_TEMPLATE_LENGTH = 64 * 1024;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function eachString(value: Json, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) value.forEach((item) => eachString(item, visit));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((v) => eachString(v, visit));
}

/** Why a JSON template is unusable (empty when fine). */
export function jsonTemplateProblems(source: string): string[] {
  let parsed: Json;
  try {
    parsed = JSON.parse(source) as Json;
  } catch (error) {
    return [`template must be valid JSON with tags inside strings: ${error instanceof Error ? error.message : String(error)}`];
  }
  const problems: string[] = [];
  eachString(parsed, (text) => problems.push(...mustacheProblems(text)));
  return [...new Set(problems)];
}

export const JsonTemplate = z
  .string()
  .min(2)
  .max(MAX_JSON_TEMPLATE_LENGTH)
  .superRefine((source, ctx) => {
    for (const problem of jsonTemplateProblems(source)) ctx.addIssue({ code: 'custom', message: problem });
  });

/** JSON-compatible copy of a looked-up value; `undefined` becomes `null`. */
function toJson(value: unknown): Json {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value) ?? 'null') as Json;
}

function setOwn(target: Record<string, Json>, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function renderNode(node: Json, view: Record<string, unknown>): Json {
  if (typeof node === 'string') {
    if (!node.includes('{{')) return node;
    const tokens = mustacheTokens(node);
    const only = tokens.length === 1 ? tokens[0] : undefined;
    if (only && only[0] === 'name') return toJson(new Mustache.Context(view).lookup(only[1]));
    return renderText(node, view);
  }
  if (Array.isArray(node)) return node.map((item) => renderNode(item, view));
  if (node !== null && typeof node === 'object') {
    const out: Record<string, Json> = {};
    for (const [key, value] of Object.entries(node)) setOwn(out, key, renderNode(value, view));
    return out;
  }
  return node;
}

/** Renders a JSON template to the exact body bytes. */
export function renderJsonTemplate(source: string, view: Record<string, unknown>): string {
  const problems = jsonTemplateProblems(source);
  if (problems.length > 0) throw new RenderError('TEMPLATE_INVALID', problems.join('; '));
  return JSON.stringify(renderNode(JSON.parse(source) as Json, view));
}
