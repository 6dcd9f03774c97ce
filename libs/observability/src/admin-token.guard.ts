import { timingSafeEqual, createHash } from 'node:crypto';
import { ForbiddenException, Inject, Injectable, SetMetadata, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { ScopedToken, Role } from '@herald/config';
import { permits, type Identity } from './access/access-policy.js';
import { isTrustedAddress } from './access/trusted-proxy.js';
import type { Logger } from './logger.js';
import { LOGGER } from './tokens.js';

export const ADMIN_TOKEN = Symbol('ADMIN_TOKEN');
export const ACCESS_OPTIONS = Symbol('ACCESS_OPTIONS');

/** Who may call the management APIs besides HERALD_ADMIN_TOKEN (from HERALD_TOKENS and HERALD_TRUSTED_*). */
export interface AccessOptions {
  readonly tokens?: readonly ScopedToken[] | undefined;
  /** Lower-case header name set by an authenticating proxy, e.g. x-forwarded-user. */
  readonly trustedUserHeader?: string | undefined;
  readonly trustedUserRole?: Role;
  readonly trustedProxies?: readonly string[];
}

/** The environment variables every service reads, as AccessOptions. */
export function accessOptions(env: {
  HERALD_TOKENS?: readonly ScopedToken[] | undefined;
  HERALD_TRUSTED_USER_HEADER?: string | undefined;
  HERALD_TRUSTED_USER_ROLE: Role;
  HERALD_TRUSTED_PROXIES: readonly string[];
}): AccessOptions {
  return { tokens: env.HERALD_TOKENS, trustedUserHeader: env.HERALD_TRUSTED_USER_HEADER, trustedUserRole: env.HERALD_TRUSTED_USER_ROLE, trustedProxies: env.HERALD_TRUSTED_PROXIES };
}

interface GuardedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly socket?: { readonly remoteAddress?: string | undefined };
  heraldIdentity?: Identity;
  /** Set when the request may change something: the action log records it once it succeeds. */
  heraldAction?: true;
}

const CHANGES_NOTHING = 'herald:changes-nothing';

/** Marks a POST handler that only answers a question (a route test): not logged or recorded as an action. */
export const ChangesNothing = (): MethodDecorator => SetMetadata(CHANGES_NOTHING, true);

const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** The identity the guard established for this request (undefined on unguarded routes). */
export function identityOf(request: unknown): Identity | undefined {
  return (request as GuardedRequest | undefined)?.heraldIdentity;
}

/** Who acts, when the request is a permitted management action (a change, not a read or a question). */
export function actorOf(request: unknown): Identity | undefined {
  const guarded = request as GuardedRequest | undefined;
  return guarded?.heraldAction ? guarded.heraldIdentity : undefined;
}

/**
 * Protects the management APIs. A caller is the admin token (`admin`, shared, so it names no
 * person), a scoped token from HERALD_TOKENS (its name and role), or, behind an authenticating
 * proxy, the user in the trusted header when the connection comes from a trusted address. The
 * role must permit the method and path (access-policy.ts): 401 without a valid identity, 403
 * when the role does not allow it; every permitted change is logged with its actor. Token
 * comparisons are digests in constant time.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly admin: Buffer | undefined;
  private readonly scoped: ReadonlyArray<{ digest: Buffer; token: ScopedToken }>;

  constructor(
    @Inject(ADMIN_TOKEN) token: string | undefined,
    @Inject(ACCESS_OPTIONS) private readonly options: AccessOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.admin = token ? digest(token) : undefined;
    this.scoped = (options.tokens ?? []).map((t) => ({ digest: digest(t.token), token: t }));
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const identity = this.identify(request);
    if (!identity) {
      throw new UnauthorizedException('missing or invalid token (Authorization: Bearer <HERALD_ADMIN_TOKEN or a token from HERALD_TOKENS>)');
    }
    const path = request.url.split('?', 1)[0] ?? '';
    if (!permits(identity.role, request.method, path)) {
      throw new ForbiddenException(`${identity.name} (${identity.role}) may not ${request.method} ${path}`);
    }
    request.heraldIdentity = identity;
    // Every change through a management API is logged with who made it, and marked for the
    // action log (persistence's ActionLogModule), which records it once it has succeeded.
    const question = Reflect.getMetadata(CHANGES_NOTHING, context.getHandler()) === true;
    if (!question && !['GET', 'HEAD', 'OPTIONS'].includes(request.method.toUpperCase())) {
      request.heraldAction = true;
      this.logger.info({ actor: identity.name, role: identity.role, method: request.method, path }, 'management action');
    }
    return true;
  }

  private identify(request: GuardedRequest): Identity | undefined {
    const header = single(request.headers['authorization']);
    const bearer = header && /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    if (bearer) {
      const presented = digest(bearer);
      if (this.admin && timingSafeEqual(presented, this.admin)) return { name: 'admin', role: 'admin', personal: false };
      // Every token is compared, so the time taken does not tell which one nearly matched.
      const matched = this.scoped.filter((s) => timingSafeEqual(presented, s.digest))[0];
      return matched ? { name: matched.token.name, role: matched.token.role, personal: true } : undefined;
    }
    const { trustedUserHeader, trustedProxies = [], trustedUserRole = 'viewer' } = this.options;
    const user = trustedUserHeader ? single(request.headers[trustedUserHeader])?.trim() : undefined;
    if (user && isTrustedAddress(request.socket?.remoteAddress, trustedProxies)) return { name: user.slice(0, 200), role: trustedUserRole, personal: true };
    return undefined;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
