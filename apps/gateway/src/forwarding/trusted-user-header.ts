import type { FastifyInstance } from 'fastify';
import { isTrustedAddress, type AccessOptions } from '@herald/observability';

/**
 * The services believe the proxy's user header when it comes from the gateway, so the gateway
 * believes it only from the authenticating proxy: a copy from anywhere else is removed before
 * any route (forwarded or its own) sees the request.
 */
export function dropUntrustedUserHeader(app: FastifyInstance, access: AccessOptions): void {
  const header = access.trustedUserHeader;
  if (!header) return;
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.headers[header] !== undefined && !isTrustedAddress(request.socket.remoteAddress, access.trustedProxies ?? [])) {
      delete request.headers[header];
    }
    done();
  });
}
