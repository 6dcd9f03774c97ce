import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeOpenApi } from './merge-openapi.js';

const doc = (paths: Record<string, Record<string, unknown>>, schemes: Record<string, unknown> = {}) => ({ openapi: '3.1.0', paths, components: { securitySchemes: schemes } });

describe('mergeOpenApi', () => {
  it('puts every service’s paths and components in one document, paths sorted', () => {
    const merged = mergeOpenApi({ title: 'Herald', version: '1' }, [
      doc({ '/v1/receivers': { get: { summary: 'r' } } }, { adminToken: { type: 'http' } }),
      doc({ '/v1/incidents': { get: { summary: 'i' } }, '/v1/receivers/{id}': { get: {} } }, { integrationKey: { type: 'http' } }),
    ]);
    assert.deepEqual(Object.keys(merged.paths as object), ['/v1/incidents', '/v1/receivers', '/v1/receivers/{id}']);
    assert.deepEqual(Object.keys((merged.components as { securitySchemes: object }).securitySchemes), ['adminToken', 'integrationKey']);
  });

  it('joins the methods of one path served by two services and refuses the same method twice', () => {
    const merged = mergeOpenApi({ title: 'H', version: '1' }, [doc({ '/api/v2/alerts': { post: {} } }), doc({ '/api/v2/alerts': { get: {} } })]);
    assert.deepEqual(Object.keys((merged.paths as Record<string, object>)['/api/v2/alerts']!), ['post', 'get']);
    assert.throws(() => mergeOpenApi({ title: 'H', version: '1' }, [doc({ '/x': { get: {} } }), doc({ '/x': { get: {} } })]), /GET \/x/);
  });
});
