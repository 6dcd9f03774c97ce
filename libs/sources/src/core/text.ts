import { safePrefix } from './hashing.js';

/** Shortens to `max` characters, the last being an ellipsis, when longer. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${safePrefix(text, max - 1)}…`;
}

/** The first argument that is a string with visible content, trimmed. */
export function firstText(...values: unknown[]): string | undefined {
  for (const value of values) {
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/** Ids arrive as numbers or strings depending on the tool and template. */
export function idText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return firstText(value);
}
