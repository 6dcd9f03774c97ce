import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { z } from 'zod';
import { openApiDocument, openApiPath } from './openapi-document.js';

interface Tree {
  receiver?: string;
  routes?: Tree[];
}
const Tree: z.ZodType<Tree> = z.lazy(() => z.object({ receiver: z.string().optional(), routes: z.array(Tree).optional() }));

const document = openApiDocument({
  title: 'Test',
  version: '1',
  routes: [
    { method: 'get', path: '/v1/things', tag: 'things', summary: 'list', query: z.strictObject({ limit: z.coerce.number().int().default(5), state: z.enum(['a', 'b']), text: z.string().optional() }) },
    { method: 'put', path: '/v1/things/:id/tree', tag: 'things', summary: 'recursive body', body: Tree, response: Tree, example: { request: { receiver: 'ops' }, response: { receiver: 'ops', routes: [] } } },
    { method: 'delete', path: '/v1/things/:id', tag: 'things', summary: 'delete', status: 204 },
    { method: 'post', path: '/v1/hooks/:id', tag: 'alerts', summary: 'send', auth: 'integration', status: 202 },
  ],
});

type Operation = { parameters?: Array<{ name: string; in: string; required: boolean }>; security?: unknown[]; responses: Record<string, unknown> };
const op = (path: string, method: string): Operation => (document.paths as Record<string, Record<string, Operation>>)[path]![method]!;

describe('openApiDocument', () => {
  it('is valid OpenAPI 3.1, recursive schemas included', async () => {
    const result = await new Validator().validate(document);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  });

  it('turns :params into path parameters and an object query into query parameters, required unless optional or defaulted', () => {
    assert.equal(openApiPath('/v1/a/:id/b/:jobId'), '/v1/a/{id}/b/{jobId}');
    assert.deepEqual(
      op('/v1/things', 'get').parameters?.map((p) => [p.name, p.in, p.required]),
      [
        ['limit', 'query', false],
        ['state', 'query', true],
        ['text', 'query', false],
      ],
    );
    assert.deepEqual(op('/v1/things/{id}', 'delete').parameters?.map((p) => [p.name, p.in, p.required]), [['id', 'path', true]]);
  });

  it('moves recursive definitions to components and says who may call each route', () => {
    const schemas = Object.keys((document.components as { schemas: object }).schemas);
    assert.ok(schemas.length > 0 && schemas.every((name) => name.startsWith('putV1ThingsIdTree_')), schemas.join());
    assert.doesNotMatch(JSON.stringify(document), /#\/\$defs\/|"\$ref":"#"/, 'no reference left pointing at the document root');
    assert.deepEqual(op('/v1/things', 'get').security, [{ adminToken: [] }]);
    assert.deepEqual(op('/v1/hooks/{id}', 'post').security, [{ integrationKey: [] }]);
    assert.deepEqual(Object.keys(op('/v1/things/{id}', 'delete').responses).sort(), ['204', '400', '401', '404']);
  });

  it("shows a route's example request and answer beside their schemas", () => {
    const put = (document.paths as Record<string, Record<string, { requestBody: { content: Record<string, { example?: unknown }> }; responses: Record<string, { content: Record<string, { example?: unknown }> }> }>>)['/v1/things/{id}/tree']!.put!;
    assert.deepEqual(put.requestBody.content['application/json']!.example, { receiver: 'ops' });
    assert.deepEqual(put.responses['200']!.content['application/json']!.example, { receiver: 'ops', routes: [] });
  });
});
