import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentedRoutes, servedRoutes } from '@herald/observability';
import { AnalyticsModule } from '../analytics.module.js';
import { analyticsEnvSchema } from '../config.js';
import { ANALYTICS_API } from './analytics.openapi.js';

describe('the analytics API description', () => {
  it('documents exactly the routes the controllers serve', () => {
    assert.deepEqual(documentedRoutes(ANALYTICS_API.routes), servedRoutes(AnalyticsModule.forRoot(analyticsEnvSchema.parse({}))));
  });
});
