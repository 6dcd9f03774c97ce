import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ActionQuery, actionPath, mergeActions, underPath, type ManagementAction } from './action-log.js';

describe('paths', () => {
  it('drops the query string', () => assert.equal(actionPath('/v1/deliveries/j1/replay?x=1'), '/v1/deliveries/j1/replay'));
  const cases: Array<[string, string, boolean]> = [
    ['/v1/receivers/ops/pause', '/v1/receivers/ops', true],
    ['/v1/receivers/ops', '/v1/receivers/ops', true],
    ['/v1/receivers/ops', '/v1/receivers/ops/', true],
    ['/v1/receivers/ops2/pause', '/v1/receivers/ops', false],
    ['/v1/routes', '/v1/receivers', false],
  ];
  for (const [path, prefix, expected] of cases) it(`${path} under ${prefix} → ${expected}`, () => assert.equal(underPath(path, prefix), expected));
});

describe('ActionQuery', () => {
  it('defaults the limit and refuses what it cannot use, naming the field', () => {
    assert.deepEqual(ActionQuery.parse({}), { limit: 100 });
    assert.deepEqual(ActionQuery.parse({ actor: 'ana', path: '/v1/receivers', limit: '5' }), { actor: 'ana', path: '/v1/receivers', limit: 5 });
    for (const bad of [{ limit: '0' }, { limit: '501' }, { path: 'v1/receivers' }, { other: 'x' }]) {
      const parsed = ActionQuery.safeParse(bad);
      assert.equal(parsed.success, false, JSON.stringify(bad));
      assert.ok(parsed.error.issues[0]!.path.length > 0 || parsed.error.issues[0]!.code === 'unrecognized_keys', JSON.stringify(parsed.error.issues));
    }
  });
});

describe('mergeActions', () => {
  const action = (service: string, id: string, at: string): ManagementAction => ({ id, at, service, actor: 'ana', role: 'admin', method: 'POST', path: '/v1/x' });
  it('puts every service’s actions newest first and keeps the limit', () => {
    const merged = mergeActions(
      [
        [action('dispatch', '2', '2026-01-01T10:02:00.000Z'), action('dispatch', '1', '2026-01-01T10:00:00.000Z')],
        [action('ingestion', '7', '2026-01-01T10:01:00.000Z')],
        [],
      ],
      2,
    );
    assert.deepEqual(merged.map((a) => `${a.service}:${a.id}`), ['dispatch:2', 'ingestion:7']);
  });
});
