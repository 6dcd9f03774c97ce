import { z } from 'zod';

/** viewer reads; responder also acts on incidents and silences; admin changes everything. */
export const ROLES = ['viewer', 'responder', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface ScopedToken {
  readonly name: string;
  readonly role: Role;
  readonly token: string;
}

/**
 * `HERALD_TOKENS`: `name:role:token` entries separated by commas or whitespace, e.g.
 * `ana:responder:9f…,grafana:viewer:c1…`. Returns the tokens, or what is wrong with the text.
 */
export function parseScopedTokens(text: string): ScopedToken[] | string {
  const tokens: ScopedToken[] = [];
  for (const entry of text.split(/[\s,]+/).filter(Boolean)) {
    const [name, role, token, ...rest] = entry.split(':');
    if (!name || !role || !token || rest.length > 0) return `"${entry.split(':')[0] ?? ''}…" must be name:role:token`;
    if (!(ROLES as readonly string[]).includes(role)) return `${name}: role must be one of ${ROLES.join(', ')}`;
    if (token.length < 16) return `${name}: the token must be at least 16 characters`;
    if (tokens.some((t) => t.name === name)) return `${name} is named twice`;
    tokens.push({ name, role: role as Role, token });
  }
  return tokens;
}

/** `HERALD_TOKENS` as an environment variable: parsed, or an issue naming what is wrong (never a token). */
export const envScopedTokens = z.string().transform((text, ctx): ScopedToken[] => {
  const parsed = parseScopedTokens(text);
  if (typeof parsed === 'string') {
    ctx.addIssue({ code: 'custom', message: parsed });
    return z.NEVER;
  }
  return parsed;
});
