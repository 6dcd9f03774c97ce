import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentedRoutes, servedRoutes } from '@herald/observability';
import { ingestionEnvSchema } from '../config.js';
import { IngestionModule } from '../ingestion.module.js';
import { INGESTION_API } from './ingestion.openapi.js';

describe('the ingestion API description', () => {
  it('documents exactly the routes the controllers serve', () => {
    assert.deepEqual(documentedRoutes(INGESTION_API.routes), servedRoutes(IngestionModule.forRoot(ingestionEnvSchema.parse({ HERALD_SECRETS_KEY: `t1:${Buffer.alloc(32, 1).toString('base64')}` }))));
  });
});
