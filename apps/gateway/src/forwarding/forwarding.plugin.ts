import replyFrom from '@fastify/reply-from';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FORWARDED_PREFIXES, upstreamFor, type HttpMethod } from './domain/upstream-routes.js';
import type { UpstreamUrls } from '../upstream/upstream-client.js';

export interface ForwardingOptions {
  readonly upstreams: UpstreamUrls;
  readonly timeoutMs: number;
}

const ALL_METHODS: readonly HttpMethod[] = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

/**
 * Forwards each owned path to its service as it came: method, path, query, headers and the
 * body as an unread stream (so signatures over raw bodies, size limits and content types are
 * the service's to check). Registered in its own scope so its body handling stays here.
 */
export async function forwarding(scope: FastifyInstance, options: ForwardingOptions): Promise<void> {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  await scope.register(replyFrom, { undici: { headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs } });

  const forward = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const path = request.url.split('?', 1)[0] ?? '';
    const upstream = upstreamFor(request.method, path);
    if (!upstream) return reply.status(404).send({ error: 'NOT_FOUND', message: `no service serves ${request.method} ${path}` });
    return reply.from(`${options.upstreams[upstream]}${request.url}`);
  };

  for (const { prefix, methods } of FORWARDED_PREFIXES) {
    const method = [...(methods ?? ALL_METHODS)];
    scope.route({ method, url: prefix, handler: forward });
    scope.route({ method, url: `${prefix}/*`, handler: forward });
  }
}
