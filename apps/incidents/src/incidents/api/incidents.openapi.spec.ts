import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentedRoutes, servedRoutes } from '@herald/observability';
import { incidentsEnvSchema } from '../../config.js';
import { IncidentsModule } from '../../incidents.module.js';
import { INCIDENTS_API } from './incidents.openapi.js';

describe('the incidents API description', () => {
  it('documents exactly the routes the controllers serve', () => {
    assert.deepEqual(documentedRoutes(INCIDENTS_API.routes), servedRoutes(IncidentsModule.forRoot(incidentsEnvSchema.parse({}))));
  });
});
