import { Controller, Get, Header, HttpStatus, Inject, Module, Res, SetMetadata, type DynamicModule } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Registry } from 'prom-client';
import { ACCESS_OPTIONS, ADMIN_TOKEN, AdminTokenGuard, type AccessOptions } from './admin-token.guard.js';
import { HealthChecks } from './health.js';
import { createLogger, type Logger } from './logger.js';
import { createMetricsRegistry } from './metrics.js';
import { LOGGER } from './tokens.js';
import { openApiDocument, type ApiDescription, type JsonObject } from './openapi-document.js';
import { OPERATIONAL_ROUTES } from './served-routes.js';

export { LOGGER } from './tokens.js';
export const SERVICE_NAME = Symbol('SERVICE_NAME');

export const API_DESCRIPTION = Symbol('API_DESCRIPTION');

@Controller()
@SetMetadata(OPERATIONAL_ROUTES, true)
class ObservabilityController {
  constructor(
    @Inject(Registry) private readonly registry: Registry,
    @Inject(HealthChecks) private readonly health: HealthChecks,
  ) {}

  @Get('metrics')
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  async metrics(): Promise<string> {
    return this.registry.metrics();
  }

  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const report = await this.health.report();
    if (report.status !== 'ok') void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }
}

/** `GET /openapi.json`: the service's API, generated once from its route list. */
@Controller()
@SetMetadata(OPERATIONAL_ROUTES, true)
class OpenApiController {
  private readonly document: JsonObject;

  constructor(@Inject(API_DESCRIPTION) api: ApiDescription) {
    this.document = openApiDocument(api);
  }

  @Get('openapi.json')
  openapi(): JsonObject {
    return this.document;
  }
}

export interface ObservabilityOptions {
  readonly service: string;
  readonly logLevel: string;
  /** HERALD_ADMIN_TOKEN: protects management APIs through AdminTokenGuard. */
  readonly adminToken?: string | undefined;
  /** Scoped tokens and the trusted proxy header (accessOptions(config)); without them only the admin token works. */
  readonly access?: AccessOptions;
  /** The service's API, served as OpenAPI 3.1 at `/openapi.json` (the gateway merges them). */
  readonly api?: ApiDescription;
}

/** Metrics registry, logger and health checks for one service, plus their HTTP endpoints. */
@Module({})
export class ObservabilityModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    const logger = createLogger(options.service, options.logLevel);
    return {
      module: ObservabilityModule,
      global: true,
      controllers: [ObservabilityController, ...(options.api ? [OpenApiController] : [])],
      providers: [
        { provide: Registry, useFactory: () => createMetricsRegistry(options.service) },
        { provide: HealthChecks, useValue: new HealthChecks() },
        { provide: LOGGER, useValue: logger },
        { provide: SERVICE_NAME, useValue: options.service },
        { provide: ADMIN_TOKEN, useValue: options.adminToken },
        { provide: ACCESS_OPTIONS, useValue: options.access ?? {} },
        { provide: API_DESCRIPTION, useValue: options.api },
        AdminTokenGuard,
      ],
      exports: [Registry, HealthChecks, LOGGER, SERVICE_NAME, ADMIN_TOKEN, ACCESS_OPTIONS, AdminTokenGuard],
    };
  }
}

export type { Logger };
