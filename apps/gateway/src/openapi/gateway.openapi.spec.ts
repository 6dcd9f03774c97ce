import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentedRoutes, openApiDocument, servedRoutes } from '@herald/observability';
import { Validator } from '@seriousme/openapi-schema-validator';
import { gatewayEnvSchema } from '../config.js';
import { GatewayModule } from '../gateway.module.js';
import { GATEWAY_API } from './gateway.openapi.js';

describe('the gateway API description', () => {
  it('documents exactly the Alertmanager routes the gateway serves itself', () => {
    assert.deepEqual(documentedRoutes(GATEWAY_API.routes), servedRoutes(GatewayModule.forRoot(gatewayEnvSchema.parse({}))));
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(openApiDocument(GATEWAY_API));
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  });
});
