import { timingSafeEqual, createHash } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';

export const ADMIN_TOKEN = Symbol('ADMIN_TOKEN');

/**
 * Protects management APIs with `Authorization: Bearer <HERALD_ADMIN_TOKEN>`.
 * Compares digests in constant time; an unset token refuses every request.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer | undefined;

  constructor(@Inject(ADMIN_TOKEN) token: string | undefined) {
    this.expected = token ? digest(token) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>();
    const header = request.headers['authorization'];
    const value = Array.isArray(header) ? header[0] : header;
    const token = value && /^Bearer\s+(\S+)\s*$/i.exec(value)?.[1];
    if (!this.expected || !token || !timingSafeEqual(digest(token), this.expected)) {
      throw new UnauthorizedException('missing or invalid admin token (Authorization: Bearer <HERALD_ADMIN_TOKEN>)');
    }
    return true;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
