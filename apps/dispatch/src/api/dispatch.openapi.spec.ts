import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentedRoutes, servedRoutes } from '@herald/observability';
import { dispatchEnvSchema } from '../config.js';
import { DispatchModule } from '../dispatch.module.js';
import { DISPATCH_API } from './dispatch.openapi.js';

describe('the dispatch API description', () => {
  it('documents exactly the routes the controllers serve', () => {
    assert.deepEqual(documentedRoutes(DISPATCH_API.routes), servedRoutes(DispatchModule.forRoot(dispatchEnvSchema.parse({ HERALD_SECRETS_KEY: `t1:${Buffer.alloc(32, 1).toString('base64')}` }))));
  });
});
