import { Inject, Injectable } from '@nestjs/common';
import { request } from 'undici';
import { z } from 'zod';
import { ACCESS_OPTIONS, type AccessOptions } from '@herald/observability';
import type { Upstream } from '../forwarding/domain/upstream-routes.js';

export const UPSTREAM_URLS = Symbol('UPSTREAM_URLS');
export type UpstreamUrls = Readonly<Record<Upstream, string>>;

/** The caller's credentials, passed on so every service still decides who may do what. */
export type CallerHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** Headers that carry who is calling; everything else of the caller's request stays at the gateway. */
const IDENTITY_HEADERS = ['authorization', 'x-correlation-id', 'traceparent'] as const;

/** A service answered with an error: its status and its (JSON) error body, passed on as they are. */
export class UpstreamError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(describe(body, status));
  }
}

/** Herald's error answer: a message and, for invalid input, the problem per field. */
const ErrorBody = z.object({
  message: z.string(),
  errors: z.array(z.object({ path: z.string().optional(), message: z.string() })).optional(),
});

function describe(body: unknown, status: number): string {
  const parsed = ErrorBody.safeParse(body);
  if (!parsed.success) return `upstream answered ${status}`;
  const details = (parsed.data.errors ?? []).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
  return [parsed.data.message, ...details].join('; ');
}

/** Calls the services' management APIs on behalf of the caller, parsing every answer with its schema. */
@Injectable()
export class UpstreamClient {
  private readonly identityHeaders: readonly string[];

  constructor(@Inject(UPSTREAM_URLS) private readonly urls: UpstreamUrls, @Inject(ACCESS_OPTIONS) access: AccessOptions) {
    // The proxy's user header is passed on too; untrusted copies were removed when the request arrived (trusted-user-header.ts).
    this.identityHeaders = [...IDENTITY_HEADERS, ...(access.trustedUserHeader ? [access.trustedUserHeader] : [])];
  }

  async call<S extends z.ZodType>(
    upstream: Upstream,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    caller: CallerHeaders,
    schema: S,
    body?: unknown,
  ): Promise<z.output<S>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    for (const name of this.identityHeaders) {
      const value = caller[name];
      const single = Array.isArray(value) ? value[0] : value;
      if (single) headers[name] = single;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await request(`${this.urls[upstream]}${path}`, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.body.text();
    const json: unknown = text ? JSON.parse(text) : undefined;
    if (response.statusCode >= 400) throw new UpstreamError(response.statusCode, json);
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new Error(`${upstream} answered ${method} ${path} with an unexpected body: ${parsed.error.message}`);
    return parsed.data;
  }
}
