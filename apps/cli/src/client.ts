import { z } from 'zod';

/** A failure to show the person as it is, without a stack trace. */
export class CliError extends Error {}

export interface Connection {
  /** The gateway: HERALD_URL or --url. */
  readonly url: string;
  /** HERALD_TOKEN or --token. */
  readonly token: string | undefined;
}

const ErrorBody = z.object({
  message: z.string(),
  errors: z.array(z.object({ path: z.string().optional(), message: z.string() })).optional(),
});

function describe(status: number, body: unknown): string {
  if (typeof body === 'string') return `${status}: ${body}`;
  const parsed = ErrorBody.safeParse(body);
  if (!parsed.success) return `${status}: request failed`;
  return [`${status}: ${parsed.data.message}`, ...(parsed.data.errors ?? []).map((e) => `  ${e.path ?? ''}: ${e.message}`)].join('\n');
}

/** One call to Herald through the gateway; the answer is parsed with `schema`. */
export async function call<S extends z.ZodType>(connection: Connection, schema: S, method: string, path: string, body?: unknown): Promise<z.output<S>> {
  let response: Response;
  try {
    response = await fetch(new URL(path, connection.url), {
      method,
      headers: {
        accept: 'application/json',
        ...(connection.token ? { authorization: `Bearer ${connection.token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (error) {
    throw new CliError(`cannot reach Herald at ${connection.url} (${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}); set HERALD_URL or --url`);
  }
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  if (response.status === 401) throw new CliError(`${describe(401, json)}\n(set HERALD_TOKEN or --token)`);
  if (!response.ok) throw new CliError(describe(response.status, json));
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new CliError(`unexpected answer from ${method} ${path}: ${parsed.error.message}`);
  return parsed.data;
}
