import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { httpRequestLabels } from './http-metrics.js';

describe('httpRequestLabels: bounded labels for the HTTP request metrics', () => {
  const cases: Array<[string, string, string | undefined, number, ReturnType<typeof httpRequestLabels>]> = [
    ['a matched route keeps its pattern, not the URL', 'get', '/v1/incidents/:id', 200, { method: 'GET', route: '/v1/incidents/:id', status_class: '2xx' }],
    ['no route matched (a 404, a scanner)', 'GET', undefined, 404, { method: 'GET', route: 'unmatched', status_class: '4xx' }],
    ['an odd method', 'PROPFIND', '/x', 405, { method: 'other', route: '/x', status_class: '4xx' }],
    ['a server error', 'POST', '/v1/webhooks/:integrationId', 503, { method: 'POST', route: '/v1/webhooks/:integrationId', status_class: '5xx' }],
    ['a status outside HTTP', 'GET', '/x', 0, { method: 'GET', route: '/x', status_class: 'other' }],
  ];
  for (const [name, method, route, status, expected] of cases) it(name, () => assert.deepEqual(httpRequestLabels(method, route, status), expected));
});
