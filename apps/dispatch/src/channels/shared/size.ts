import { RenderError } from '../types.js';
import { utf8Length } from './truncate.js';

/**
 * Builds a body with ever smaller text budgets until it fits `maxBytes`;
 * platforms refuse oversized requests with a 4xx that retrying cannot fix.
 */
export function fitBody(
  build: (textBudget: number) => string,
  maxBytes: number,
  budgets: readonly number[] = [4000, 2000, 1000, 500, 200, 80],
): string {
  for (const budget of budgets) {
    const body = build(budget);
    if (utf8Length(body) <= maxBytes) return body;
  }
  throw new RenderError('PAYLOAD_TOO_LARGE', `Request body exceeds ${maxBytes} bytes even when shortened`);
}
