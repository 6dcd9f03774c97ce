import Mustache from 'mustache';
import { z } from 'zod';
import { RenderError } from '../types.js';
import { mustacheProblems } from './template-check.js';

/** How a value becomes text: strings as they are, other values as JSON. */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return JSON.stringify(value) ?? '';
}

/** A mustache template producing plain text (no HTML escaping). */
export const TextTemplate = z
  .string()
  .min(1)
  .max(2048)
  .superRefine((source, ctx) => {
    for (const problem of mustacheProblems(source)) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Renders a plain-text template; the caller escapes for wherever the text goes. */
export function renderText(source: string, view: Record<string, unknown>): string {
  const problems = mustacheProblems(source);
  if (problems.length > 0) throw new RenderError('TEMPLATE_INVALID', problems.join('; '));
  try {
    return new Mustache.Writer().render(source, view, undefined, { escape: valueText });
  } catch (error) {
    throw new RenderError('TEMPLATE_RENDER_FAILED', 'Template could not be rendered', { cause: error });
  }
}
