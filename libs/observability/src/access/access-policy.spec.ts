import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Role } from '@herald/config';
import { permits } from './access-policy.js';

describe('permits', () => {
  const cases: Array<[Role, string, string, boolean]> = [
    ['viewer', 'GET', '/v1/incidents', true],
    ['viewer', 'GET', '/api/v2/alerts', true],
    ['viewer', 'POST', '/v1/incidents/abc/acknowledge', false],
    ['viewer', 'POST', '/v1/silences', false],
    ['responder', 'POST', '/v1/incidents/abc/acknowledge', true],
    ['responder', 'POST', '/v1/incidents/abc/resolve', true],
    ['responder', 'POST', '/v1/incidents/abc/notes?x=1', true],
    ['responder', 'POST', '/v1/silences', true],
    ['responder', 'PUT', '/v1/silences/s1', true],
    ['responder', 'DELETE', '/v1/silences/s1', true],
    ['responder', 'POST', '/v1/routes/test', true],
    ['viewer', 'POST', '/v1/routes/test', true],
    ['viewer', 'POST', '/v1/routes/test/batch', true],
    ['viewer', 'POST', '/v1/routes/testing', false],
    ['responder', 'PUT', '/v1/routes', false],
    ['responder', 'POST', '/v1/receivers/ops/pause', false],
    ['responder', 'DELETE', '/v1/integrations/x', false],
    ['responder', 'POST', '/v1/admin/rebuild-projections', false],
    ['admin', 'PUT', '/v1/routes', true],
    ['admin', 'POST', '/v1/admin/rebuild-projections', true],
  ];
  for (const [role, method, path, expected] of cases) {
    it(`${role} ${method} ${path} → ${expected}`, () => assert.equal(permits(role, method, path), expected));
  }
});
