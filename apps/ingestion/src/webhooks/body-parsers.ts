import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyAdapter } from '@nestjs/platform-fastify';

export const BODY_LIMIT_BYTES = Symbol('BODY_LIMIT_BYTES');

/**
 * Nest keeps the raw bytes of JSON and form bodies (`rawBody: true`); AWS SNS posts
 * JSON as `text/plain`, so that type gets the same treatment: the raw bytes for
 * signatures, the text as the body. Registered before the server starts listening.
 */
@Injectable()
export class BodyParsers implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(BODY_LIMIT_BYTES) private readonly bodyLimit: number,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter as unknown as FastifyAdapter | undefined;
    if (typeof adapter?.useBodyParser !== 'function') return;
    adapter.useBodyParser('text/plain', true, { bodyLimit: this.bodyLimit }, (_request, body, done) => done(null, body.toString('utf8')));
  }
}
