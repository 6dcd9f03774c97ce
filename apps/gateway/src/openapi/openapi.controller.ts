import { BadGatewayException, Controller, Get, Inject, SetMetadata } from '@nestjs/common';
import { z } from 'zod';
import { request } from 'undici';
import { OPERATIONAL_ROUTES, openApiDocument, type JsonObject } from '@herald/observability';
import { UPSTREAM_URLS, type UpstreamUrls } from '../upstream/upstream-client.js';
import { UPSTREAMS } from '../forwarding/domain/upstream-routes.js';
import { mergeOpenApi } from './domain/merge-openapi.js';
import { GATEWAY_API } from './gateway.openapi.js';

const Document = z.record(z.string(), z.unknown());

/**
 * `GET /openapi.json`: every management API behind this entry point, one OpenAPI 3.1
 * document. Each service describes its own routes (from its zod schemas); this merges them
 * with the gateway's Alertmanager API, so the document always matches what is deployed.
 */
@Controller()
@SetMetadata(OPERATIONAL_ROUTES, true)
export class OpenApiController {
  private readonly own = openApiDocument(GATEWAY_API);

  constructor(@Inject(UPSTREAM_URLS) private readonly urls: UpstreamUrls) {}

  @Get('openapi.json')
  async document(): Promise<JsonObject> {
    const documents = await Promise.all(UPSTREAMS.map((upstream) => this.fetch(upstream)));
    return mergeOpenApi(
      { title: 'Herald', version: '1', description: 'Every Herald management API, the alert endpoints and the Alertmanager API v2, under one origin.' },
      [...documents, this.own],
    );
  }

  private async fetch(upstream: (typeof UPSTREAMS)[number]): Promise<JsonObject> {
    const response = await request(`${this.urls[upstream]}/openapi.json`, { headersTimeout: 5_000, bodyTimeout: 5_000 }).catch((error: unknown) => {
      throw new BadGatewayException(`${upstream} did not answer for its API description: ${error instanceof Error ? error.message : String(error)}`);
    });
    if (response.statusCode !== 200) throw new BadGatewayException(`${upstream} answered ${response.statusCode} for its API description`);
    return Document.parse(await response.body.json());
  }
}
