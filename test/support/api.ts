/** An answer of a management API: status, raw text, and the JSON body (empty object when there is none). */
export interface Reply {
  status: number;
  text: string;
  body: Record<string, unknown>;
}

/** `call(method, path, body?)` against one service's API with a bearer token. */
export function apiCaller(url: (path: string) => string, token: string): (method: string, path: string, body?: unknown) => Promise<Reply> {
  return async (method, path, body) => {
    const response = await fetch(url(path), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, text, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
}
