import { z } from 'zod';

/*
 * The console talks only to the gateway it was served from (one origin), with the token
 * the person signed in with. Every answer is parsed with a schema; a 401 sends them to sign in.
 */

const TOKEN_KEY = 'herald.token';

export const session = {
  token: (): string | null => localStorage.getItem(TOKEN_KEY),
  signIn: (token: string): void => localStorage.setItem(TOKEN_KEY, token),
  signOut: (): void => localStorage.removeItem(TOKEN_KEY),
};

/** A refusal from the API, with the message it gave (which names the field for a 400). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const ErrorBody = z.object({
  message: z.string(),
  errors: z.array(z.object({ path: z.string().optional(), message: z.string() })).optional(),
});

function errorMessage(status: number, body: unknown): string {
  if (typeof body === 'string') return body;
  const parsed = ErrorBody.safeParse(body);
  if (!parsed.success) return `the server answered ${status}`;
  const fields = (parsed.data.errors ?? []).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
  return [parsed.data.message, ...fields].join(' — ');
}

/** Listeners told when the token is refused (the app shows the sign-in page). */
const unauthorised = new Set<() => void>();
export const onUnauthorised = (listener: () => void): (() => void) => {
  unauthorised.add(listener);
  return () => unauthorised.delete(listener);
};

export async function call<S extends z.ZodType>(schema: S, method: string, path: string, body?: unknown): Promise<z.output<S>> {
  const token = session.token();
  const response = await fetch(path, {
    method,
    headers: {
      accept: 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  const json: unknown = text ? JSON.parse(text) : undefined;
  if (response.status === 401) unauthorised.forEach((listener) => listener());
  if (!response.ok) throw new ApiError(response.status, errorMessage(response.status, json));
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ApiError(response.status, `unexpected answer from ${method} ${path}: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}

export const get = <S extends z.ZodType>(schema: S, path: string): Promise<z.output<S>> => call(schema, 'GET', path);

/** Query string from the defined values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
